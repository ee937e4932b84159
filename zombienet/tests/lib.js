// Shared by the zombienet js-scripts: the `pssc` command line (on PATH, as
// scripts/zombienet.sh arranges), node connections, waits and checks. Every failed check
// throws, which fails its line of the test.
const { execFile } = require("child_process");
const fs = require("fs");
const http = require("http");

const ACCOUNTS = {
  alice: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
  bob: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
  charlie: "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y",
  dave: "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy",
};

function log(...args) {
  console.log("   ", ...args);
}

function url(networkInfo, node) {
  return networkInfo.nodesByName[node].wsUri;
}

// Run `pssc --json` against `node`, signed by `signer` (a secret URI, or a node's name for
// its development key `//Name`); returns its JSON. With
// `refused`, expects the chain's refusal with that error name instead.
// Asynchronous, so that the watchers of a step (finality) keep running meanwhile.
async function pssc(networkInfo, node, signer, args, refused) {
  const argv = ["--json", "--url", url(networkInfo, node)];
  if (signer) argv.push("--suri", signer.startsWith("//") ? signer : "//" + signer[0].toUpperCase() + signer.slice(1));
  argv.push(...args);
  const { code, stdout, stderr } = await new Promise((resolve) =>
    execFile("pssc", argv, { encoding: "utf8", maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr }),
    ),
  );
  if (code !== 0 && !refused) throw new Error(`pssc ${args.join(" ")} failed (${code}): ${stdout} ${stderr}`);
  const json = JSON.parse(stdout);
  if (refused && (code !== 1 || json.error !== refused)) {
    throw new Error(`pssc ${args.join(" ")}: expected refusal ${refused}, got ${code} ${stdout}`);
  }
  return json;
}

function events(json, pallet, name) {
  return ((json.outcome && json.outcome.events) || [])
    .filter((e) => e.pallet === pallet && e.name === name)
    .map((e) => e.fields);
}

// A motion of the three-member board (two votes of three pass it): Alice proposes and votes
// on her node, Bob votes on his, and Charlie closes on his. Returns the output of the close (the motion's execution), or the
// refusal's output when `refused` names the error the executed call must fail with.
async function motion(networkInfo, proposal, refused) {
  const proposed = await pssc(networkInfo, "alice", "alice", ["--no-finality", "board", "propose", ...proposal]);
  const [fields] = events(proposed, "Board", "Proposed");
  if (!fields) throw new Error(`no Proposed event: ${JSON.stringify(proposed)}`);
  const motionArgs = ["--motion", fields.proposal_hash, "--index", String(fields.proposal_index)];
  await pssc(networkInfo, "alice", "alice", ["--no-finality", "board", "vote", ...motionArgs]);
  await pssc(networkInfo, "bob", "bob", ["--no-finality", "board", "vote", ...motionArgs]);
  const closed = await pssc(networkInfo, "charlie", "charlie", ["board", "close", ...motionArgs], refused);
  log(`motion ${proposal.join(" ")}: ${refused ? "refused with " + refused : "executed"}`);
  return closed;
}

async function connect(networkInfo, node) {
  return zombie.connect(url(networkInfo, node));
}

async function numbers(api) {
  const best = (await api.rpc.chain.getHeader()).number.toNumber();
  const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
  return { best, finalized };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, seconds, check) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await sleep(1000);
  }
}

// Watches finality on `api` until stopped; `stop()` returns the longest time in seconds
// that the finalized head did not move.
async function watchFinality(api) {
  let last = Date.now();
  let longest = 0;
  const unsubscribe = await api.rpc.chain.subscribeFinalizedHeads(() => {
    const now = Date.now();
    longest = Math.max(longest, (now - last) / 1000);
    last = now;
  });
  return async () => {
    unsubscribe();
    return Math.max(longest, (Date.now() - last) / 1000);
  };
}

// A Prometheus metric's value on `node` (the sum over its series, or over those whose labels
// start as `name` says), 0 if absent.
function metric(networkInfo, node, name) {
  const uri = networkInfo.nodesByName[node].prometheusUri;
  return new Promise((resolve, reject) => {
    http
      .get(uri, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => {
          let sum = 0;
          for (const line of body.split("\n")) {
            // `name` may end with a partial label set: `metric{event="settled"`.
            if (line.startsWith(name + " ") || line.startsWith(name.includes("{") ? name : name + "{")) {
              sum += Number(line.split(" ").pop());
            }
          }
          resolve(sum);
        });
      })
      .on("error", reject);
  });
}

async function validatorStatus(networkInfo, node) {
  return pssc(networkInfo, node, null, ["validator", "status"]);
}

// Wait until block `at` is finalized on `node`.
async function waitFinalized(networkInfo, node, at, seconds) {
  const api = await connect(networkInfo, node);
  try {
    await waitFor(`block ${at} finalized on ${node}`, seconds, async () => (await numbers(api)).finalized >= at);
  } finally {
    await api.disconnect();
  }
}

// Keep a value between the lines of a test (each js-script runs on its own).
function remember(networkInfo, key, value) {
  const path = `${networkInfo.tmpDir}/pssc-test-state.json`;
  const state = fs.existsSync(path) ? JSON.parse(fs.readFileSync(path, "utf8")) : {};
  if (value === undefined) return state[key];
  state[key] = value;
  fs.writeFileSync(path, JSON.stringify(state));
  return value;
}

module.exports = {
  ACCOUNTS,
  connect,
  events,
  log,
  metric,
  motion,
  numbers,
  pssc,
  remember,
  sleep,
  url,
  validatorStatus,
  waitFinalized,
  waitFor,
  watchFinality,
};
