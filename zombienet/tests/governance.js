// The validator set under the board's governance, on poa-4 (Alice, Bob and Charlie validate
// from genesis; Dave's node runs but he is not a validator). One step per line of
// governance.zndsl; finality is watched throughout each step.
const lib = require("./lib.js");
const { ACCOUNTS, log, motion, pssc, validatorStatus, waitFor } = lib;

// Finality may pause across a change of authority set, but never for long.
const MAX_FINALITY_STALL_S = 30;

function validator(status, who) {
  return status.validators.find((v) => v.account === ACCOUNTS[who]);
}

// Wait for the next session boundary; returns the status after it.
async function nextSession(networkInfo, node) {
  const before = await validatorStatus(networkInfo, node);
  return waitFor(`session ${before.session + 1}`, 2 * 6 * before.sessionLength + 30, async () => {
    const now = await validatorStatus(networkInfo, node);
    return now.session > before.session ? now : null;
  });
}

async function auraKey(api, who) {
  const authorities = (await api.query.validatorSet.authorities()).toJSON();
  const entry = authorities.find(([account]) => api.createType("AccountId", account).toString() === ACCOUNTS[who]);
  return entry && entry[1].aura;
}

function slotOf(api, header) {
  for (const item of header.digest.logs) {
    if (item.isPreRuntime) {
      const [engine, data] = item.asPreRuntime;
      if (engine.toString() === "aura") return api.createType("u64", data).toBigInt();
    }
  }
  throw new Error(`block ${header.number} has no Aura pre-digest`);
}

const steps = {
  // Dave is admitted by a 2/3 motion, sets his session keys on his own node, and becomes
  // an authority at the next session boundary.
  async "admit-dave"(networkInfo) {
    let status = await validatorStatus(networkInfo, "alice");
    if (validator(status, "dave")) throw new Error("Dave is a validator before the motion");
    const admitted = await motion(networkInfo, ["add-validator", "--account", ACCOUNTS.dave]);
    if (!lib.events(admitted, "ValidatorSet", "ValidatorAdded").length) {
      throw new Error(`no ValidatorAdded: ${JSON.stringify(admitted)}`);
    }
    const keys = await pssc(networkInfo, "dave", "dave", ["validator", "set-keys"]);
    if (!lib.events(keys, "ValidatorSet", "KeysSet").length) throw new Error(`no KeysSet: ${JSON.stringify(keys)}`);
    status = await validatorStatus(networkInfo, "alice");
    const dave = validator(status, "dave");
    if (!dave.hasKeys || dave.authority) throw new Error(`Dave before the boundary: ${JSON.stringify(dave)}`);
    log(`Dave admitted with keys; boundary at #${status.nextSessionAt}`);
    status = await nextSession(networkInfo, "alice");
    if (!validator(status, "dave").authority) throw new Error(`Dave not in office: ${JSON.stringify(status)}`);
    log(`session ${status.session}: ${status.validators.filter((v) => v.authority).length} authorities, Dave among them`);
  },

  // Alice rotates her session keys on her running node; from the next boundary she signs
  // with the new Aura key, and no slot around the boundary is missed.
  async "rotate-alice"(networkInfo) {
    const api = await lib.connect(networkInfo, "alice");
    try {
      const old = await auraKey(api, "alice");
      await pssc(networkInfo, "alice", "alice", ["validator", "set-keys"]);
      const status = await nextSession(networkInfo, "alice");
      const boundary = status.nextSessionAt - status.sessionLength;
      const fresh = await auraKey(api, "alice");
      if (!fresh || fresh === old) throw new Error(`Alice's Aura key did not change: ${old} -> ${fresh}`);
      log(`Alice's Aura key ${old} -> ${fresh} at #${boundary}`);
      // Every slot from 4 before the boundary to 8 after has its block (4 authorities).
      await lib.waitFinalized(networkInfo, "alice", boundary + 8, 120);
      let previous = null;
      for (let n = boundary - 4; n <= boundary + 8; n++) {
        const header = await api.rpc.chain.getHeader(await api.rpc.chain.getBlockHash(n));
        const slot = slotOf(api, header);
        if (previous !== null && slot !== previous + 1n) {
          throw new Error(`slot missed before block #${n}: slot ${previous} then ${slot}`);
        }
        previous = slot;
      }
      log(`blocks #${boundary - 4}..#${boundary + 8} fill consecutive slots: none missed`);
    } finally {
      await api.disconnect();
    }
  },

  // A motion removes Charlie; from the next boundary he is no longer an authority and his
  // node stops authoring.
  async "remove-charlie"(networkInfo) {
    const removed = await motion(networkInfo, ["remove-validator", "--account", ACCOUNTS.charlie]);
    if (!lib.events(removed, "ValidatorSet", "ValidatorRemoved").length) {
      throw new Error(`no ValidatorRemoved: ${JSON.stringify(removed)}`);
    }
    const status = await nextSession(networkInfo, "alice");
    if (validator(status, "charlie")) throw new Error("Charlie is still a validator");
    const authorities = status.validators.filter((v) => v.authority).map((v) => v.account);
    log(`session ${status.session}: authorities ${authorities.join(", ")}`);
    // Let the block of the boundary go by; then Charlie's node must author nothing in four
    // slots, in which any of the three remaining authorities has at least one.
    await lib.sleep(6000);
    const before = await lib.metric(networkInfo, "charlie", "substrate_proposer_block_constructed_count");
    await lib.sleep(4 * 6000);
    const after = await lib.metric(networkInfo, "charlie", "substrate_proposer_block_constructed_count");
    if (after !== before) throw new Error(`Charlie still authors: ${before} -> ${after} blocks`);
    log(`Charlie authored no block in 24 s (${after} in all)`);
  },

  // Alice, Bob and Dave remain: the minimum of this chain is three, so a motion to remove
  // Bob executes but the call is refused with TooFewValidators, and nothing changes.
  async "refuse-below-minimum"(networkInfo) {
    const before = await validatorStatus(networkInfo, "alice");
    if (before.minValidators !== 3) throw new Error(`minimum ${before.minValidators}, not 3`);
    await motion(networkInfo, ["remove-validator", "--account", ACCOUNTS.bob], "ValidatorSet::TooFewValidators");
    const after = await validatorStatus(networkInfo, "alice");
    if (JSON.stringify(after.validators) !== JSON.stringify(before.validators)) {
      throw new Error(`the refused removal changed the set: ${JSON.stringify(after.validators)}`);
    }
    log("removing Bob was refused with TooFewValidators; the set is unchanged");
  },
};

async function run(node, networkInfo, args) {
  const step = steps[args[0]];
  if (!step) throw new Error(`unknown step ${args[0]}`);
  const api = await lib.connect(networkInfo, node);
  const stop = await lib.watchFinality(api);
  let failure = null;
  try {
    await step(networkInfo);
  } catch (e) {
    failure = e;
  }
  const stall = await stop();
  await api.disconnect();
  if (failure) throw failure;
  log(`${args[0]}: finality never stalled more than ${stall.toFixed(1)} s`);
  if (stall > MAX_FINALITY_STALL_S) throw new Error(`finality stalled ${stall.toFixed(1)} s during ${args[0]}`);
}

module.exports = { run };
