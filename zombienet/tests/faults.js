// Faults on poa-4 once Dave validates (four authorities): one paused, two paused, resumed,
// and a validator killed and restarted on its base path. One step per line of faults.zndsl.
const lib = require("./lib.js");
const { log, numbers, remember, sleep, waitFor } = lib;

async function withApi(networkInfo, node, f) {
  const api = await waitFor(`${node}'s RPC`, 60, async () => {
    try {
      return await lib.connect(networkInfo, node);
    } catch (e) {
      return null;
    }
  });
  try {
    return await f(api);
  } finally {
    await api.disconnect();
  }
}

const steps = {
  // Three of four validators are enough for GRANDPA (more than two thirds).
  async "finality-continues"(node, networkInfo) {
    await withApi(networkInfo, node, async (api) => {
      const start = await numbers(api);
      const end = await waitFor("finality to advance by 3", 90, async () => {
        const now = await numbers(api);
        return now.finalized >= start.finalized + 3 ? now : null;
      });
      log(`one validator paused: finalized ${start.finalized} -> ${end.finalized}`);
    });
  },

  // Two of four are not: blocks are still produced in the live validators' slots, but
  // nothing more is finalized.
  async "finality-stalls"(node, networkInfo) {
    await withApi(networkInfo, node, async (api) => {
      await sleep(6000); // votes already in flight
      const start = await numbers(api);
      await sleep(42000);
      const end = await numbers(api);
      log(`two validators paused: best ${start.best} -> ${end.best}, finalized ${start.finalized} -> ${end.finalized}`);
      if (end.best < start.best + 3) throw new Error("blocks stopped being produced");
      if (end.finalized !== start.finalized) throw new Error("finality went on with two of four validators");
      remember(networkInfo, "stalled-at", end.finalized);
    });
  },

  // Resumed, the validators vote again and finality catches up with the best block.
  async "finality-catches-up"(node, networkInfo) {
    await withApi(networkInfo, node, async (api) => {
      const stalled = remember(networkInfo, "stalled-at");
      const caught = await waitFor("finality to catch up", 170, async () => {
        const now = await numbers(api);
        return now.finalized > stalled && now.best - now.finalized <= 3 ? now : null;
      });
      log(`resumed: finalized ${stalled} -> ${caught.finalized}, best ${caught.best}`);
    });
  },

  async "remember-finalized"(node, networkInfo) {
    await withApi(networkInfo, node, async (api) => {
      const { finalized } = await numbers(api);
      remember(networkInfo, `${node}-finalized`, finalized);
      log(`${node} finalized #${finalized} before the kill`);
    });
  },

  // Killed and restarted on its base path, the validator starts from its own finalized
  // head (its data survived), catches up with the network and authors again.
  async rejoined(node, networkInfo) {
    const before = remember(networkInfo, `${node}-finalized`);
    await withApi(networkInfo, node, async (api) => {
      const first = await numbers(api);
      if (first.finalized < before) {
        throw new Error(`${node} restarted from finalized #${first.finalized}, below #${before}: its data was lost`);
      }
      log(`${node} restarted at finalized #${first.finalized} (had #${before})`);
      await withApi(networkInfo, "alice", async (alice) => {
        const target = (await numbers(alice)).finalized;
        await waitFor(`${node} to finalize #${target + 2}`, 120, async () => (await numbers(api)).finalized >= target + 2);
      });
    });
    await waitFor(`${node} to author again`, 120, async () =>
      (await lib.metric(networkInfo, node, "substrate_proposer_block_constructed_count")) >= 1);
    log(`${node} caught up and authors again`);
  },
};

async function run(node, networkInfo, args) {
  const step = steps[args[0]];
  if (!step) throw new Error(`unknown step ${args[0]}`);
  await step(node, networkInfo);
}

module.exports = { run };
