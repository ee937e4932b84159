// Settlement across nodes, on poa-4: the board sets up a security, a DTC gateway, a
// settling bank and two participants; the seller instructs on Bob's node and the buyer on
// Charlie's; the settlement is seen finalized on Dave's, and every node shows the same
// positions.
const fs = require("fs");
const lib = require("./lib.js");
const { log, motion, pssc } = lib;

const APPLE = "037833100";
const GATEWAY = "//Gateway";
const BANK = "//Bank";
const P = [
  { admin: "//P0-admin", operator: "//P0-op", lei: "5493000IBP32UQZ0KL24", dtc: "901" },
  { admin: "//P1-admin", operator: "//P1-op", lei: "529900T8BM49AURSDO55", dtc: "902" },
];

function account(suri) {
  return require("child_process")
    .execFileSync("pssc-node", ["key", "inspect", suri, "--output-type", "json"], { encoding: "utf8" })
    .match(/"ss58Address":\s*"([^"]+)"/)[1];
}

async function positions(networkInfo, node, participant) {
  return await pssc(networkInfo, node, null, ["participant", "positions", "--participant", String(participant)]);
}

async function run(node, networkInfo) {
  // The board's motions: the security, the gateway, the bank and the two participants.
  await motion(networkInfo, ["register-security", "--cusip", APPLE, "--description", "Apple Inc."]);
  await motion(networkInfo, ["accept-security", "--cusip", APPLE]);
  await motion(networkInfo, ["set-dtc-gateway", "--account", account(GATEWAY)]);
  await motion(networkInfo, ["appoint-bank", "--account", account(BANK)]);
  for (const [i, p] of P.entries()) {
    await motion(networkInfo, [
      "onboard", "--name", `Participant ${i} LLC`, "--lei", p.lei, "--dtc-number", p.dtc,
      "--admin", account(p.admin), "--operator", account(p.operator),
    ]);
  }

  // DTC makes Apple eligible and P0 deposits 1,000 shares; the bank credits P1 $100,000.
  const file = `${networkInfo.tmpDir}/eligibility.csv`;
  fs.writeFileSync(file, `cusip,dtc_eligible,deposit_chill,withdrawal_chill,delivery_chill,global_lock\n${APPLE},true,false,false,false,false\n`);
  await pssc(networkInfo, "alice", GATEWAY, ["--no-finality", "gateway", "load-eligibility", file]);
  await pssc(networkInfo, "alice", GATEWAY, ["--no-finality", "gateway", "confirm-deposit", "--participant", "0", "--cusip", APPLE, "--quantity", "1000", "--reference", "DO-1"]);
  await pssc(networkInfo, "alice", BANK, ["--no-finality", "bank", "confirm-wire", "--participant", "1", "--amount-cents", "10000000", "--reference", "W-1"]);
  await pssc(networkInfo, "bob", P[0].admin, ["--no-finality", "participant", "approve", "--counterparty", "1"]);
  await pssc(networkInfo, "charlie", P[1].admin, ["participant", "approve", "--counterparty", "0"]);
  log("set up: Apple eligible, P0 holds 1,000 shares, P1 $100,000, approvals both ways");

  // The two sides of one DvP, on two nodes: 400 shares for $52,000.00.
  const today = JSON.parse(
    require("child_process").execFileSync("curl", ["-s", "-H", "Content-Type: application/json", "-d",
      '{"id":1,"jsonrpc":"2.0","method":"pssc_businessDate","params":[]}',
      networkInfo.nodesByName.alice.wsUri.replace("ws://", "http://")], { encoding: "utf8" }),
  ).result;
  const terms = ["--cusip", APPLE, "--quantity", "400", "--amount-cents", "5200000", "--trade-date", today, "--settlement-date", today];
  const api = await lib.connect(networkInfo, "dave");
  const from = (await lib.numbers(api)).best;
  await pssc(networkInfo, "bob", P[0].operator, ["--no-finality", "participant", "instruct", "--side", "deliver", "--counterparty", "1", "--reference", "X-DELIVER", ...terms]);
  const receive = await pssc(networkInfo, "charlie", P[1].operator, ["participant", "instruct", "--side", "receive", "--counterparty", "0", "--reference", "X-RECEIVE", ...terms]);
  if (!lib.events(receive, "Settlement", "Settled").length) throw new Error(`no Settled event on Charlie's node: ${JSON.stringify(receive)}`);
  log("deliver instructed on Bob's node, receive on Charlie's: settled");

  // Dave's node: the Settled event is in a finalized block.
  try {
    const settledAt = await lib.waitFor("the settlement finalized on Dave's node", 90, async () => {
      const { finalized } = await lib.numbers(api);
      for (let n = from; n <= finalized; n++) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const events = await (await api.at(hash)).query.system.events();
        if (events.some(({ event }) => event.section === "settlement" && event.method === "Settled")) return n;
      }
      return null;
    });
    log(`Dave's node: Settled in finalized block #${settledAt}`);
    await Promise.all(["alice", "bob", "charlie"].map((n) => lib.waitFinalized(networkInfo, n, settledAt, 60)));
  } finally {
    await api.disconnect();
  }

  // The same positions on every node, and the right ones.
  const expected = JSON.stringify([await positions(networkInfo, "alice", 0), await positions(networkInfo, "alice", 1)]);
  for (const n of ["bob", "charlie", "dave"]) {
    const seen = JSON.stringify([await positions(networkInfo, n, 0), await positions(networkInfo, n, 1)]);
    if (seen !== expected) throw new Error(`${n}'s positions differ:\n${seen}\nalice's:\n${expected}`);
  }
  const free = (p, cusip) => Number(((p.securities || []).find((s) => s.cusip === cusip) || {}).free || 0);
  const cash = (p) => Number(((p.cash || []).find((c) => c.currency === "USD") || {}).freeCents || 0);
  const [p0, p1] = JSON.parse(expected);
  const got = [free(p0, APPLE), cash(p0), free(p1, APPLE), cash(p1)];
  if (JSON.stringify(got) !== JSON.stringify([600, 5200000, 400, 4800000])) {
    throw new Error(`unexpected positions after the DvP (P0 shares, P0 cents, P1 shares, P1 cents): ${got}`);
  }
  log(`positions agree on all four nodes: ${expected}`);

  // Every node's settlement metrics counted the two instructions and the settled pair.
  for (const n of ["alice", "bob", "charlie", "dave"]) {
    const total = async (event) => lib.metric(networkInfo, n, `pssc_settlement_instructions_total{event="${event}"`);
    const [received, matched, settled] = [await total("received"), await total("matched"), await total("settled")];
    if (received < 2 || matched < 1 || settled < 1) {
      throw new Error(`${n}'s metrics: received ${received}, matched ${matched}, settled ${settled}`);
    }
  }
  log("every node's metrics count the 2 instructions received and the pair matched and settled");
}

module.exports = { run };
