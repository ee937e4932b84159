// The node's best and finalized heights both rise by at least `args[0]` blocks.
const { connect, numbers, waitFor, log } = require("./lib.js");

async function run(node, networkInfo, args) {
  const by = Number(args[0] || 3);
  const api = await connect(networkInfo, node);
  try {
    const start = await numbers(api);
    const end = await waitFor(`${node}'s heights to rise by ${by}`, 110, async () => {
      const now = await numbers(api);
      return now.best >= start.best + by && now.finalized >= start.finalized + by ? now : null;
    });
    log(`${node}: best ${start.best} -> ${end.best}, finalized ${start.finalized} -> ${end.finalized}`);
  } finally {
    await api.disconnect();
  }
}

module.exports = { run };
