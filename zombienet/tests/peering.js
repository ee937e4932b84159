// Permissioned peers, on poa-3: Eve's node (node key sha256("eve")) is not registered and
// cannot connect; once a board motion registers it, it peers and syncs; once another
// deregisters it, the network drops it. One step per line of peering.zndsl.
const { spawn } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const net = require("net");
const lib = require("./lib.js");
const { log, motion, remember, sleep, waitFor } = lib;

const EVE_PEER_ID = "12D3KooWFdSt4JnBmxWXwD5yp7wq2WzPaMA1nscSf6qt8pfge8Tk";
const EVE_OPERATOR = "5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw";

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function rpc(uri, method, params = []) {
  const response = await fetch(uri.replace("ws://", "http://"), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ id: 1, jsonrpc: "2.0", method, params }),
  });
  const json = await response.json();
  if (json.error) throw new Error(`${method}: ${JSON.stringify(json.error)}`);
  return json.result;
}

async function eve(networkInfo) {
  const uri = remember(networkInfo, "eve-uri");
  const health = await rpc(uri, "system_health");
  const best = parseInt((await rpc(uri, "chain_getHeader")).number, 16);
  return { peers: health.peers, best };
}

async function peersOf(uri) {
  return (await rpc(uri, "system_peers")).map((p) => p.peerId);
}

async function seenByNetwork(networkInfo) {
  for (const node of ["alice", "bob", "charlie"]) {
    if ((await peersOf(lib.url(networkInfo, node))).includes(EVE_PEER_ID)) return node;
  }
  return null;
}

const steps = {
  // Eve's node starts with the network's chain spec and Alice as bootnode; Alice, Bob and
  // Charlie refuse it: it has no peers and stays at genesis.
  async "unregistered-refused"(networkInfo) {
    const dir = `${networkInfo.tmpDir}/eve`;
    fs.mkdirSync(dir, { recursive: true });
    const key = crypto.createHash("sha256").update("eve").digest("hex");
    fs.writeFileSync(`${dir}/node-key`, key);
    const alice = (await rpc(lib.url(networkInfo, "alice"), "system_localListenAddresses"))
      .find((a) => a.startsWith("/ip4/127.0.0.1/"));
    const [port, rpcPort] = [await freePort(), await freePort()];
    const out = fs.openSync(`${networkInfo.tmpDir}/eve.log`, "a");
    const child = spawn("pssc-node", [
      "--chain", networkInfo.chainSpecPath, "--base-path", `${dir}/data`, "--name", "eve",
      "--node-key-file", `${dir}/node-key`, "--listen-addr", `/ip4/127.0.0.1/tcp/${port}/ws`,
      "--rpc-port", String(rpcPort), "--no-prometheus", "--no-mdns", "--no-telemetry",
      "--bootnodes", alice,
    ], { detached: true, stdio: ["ignore", out, out] });
    child.unref();
    remember(networkInfo, "eve-pid", child.pid);
    remember(networkInfo, "eve-uri", `ws://127.0.0.1:${rpcPort}`);
    await waitFor("Eve's RPC", 60, async () => {
      try {
        return await eve(networkInfo);
      } catch (e) {
        return null;
      }
    });
    for (let i = 0; i < 30; i++) {
      const state = await eve(networkInfo);
      const seen = await seenByNetwork(networkInfo);
      if (state.peers !== 0 || state.best !== 0 || seen) {
        throw new Error(`the unregistered node connected: ${JSON.stringify(state)}, peer of ${seen}`);
      }
      await sleep(1000);
    }
    log(`Eve's node (${EVE_PEER_ID}), unregistered: 0 peers and at genesis for 30 s; no node lists it`);
  },

  // The board registers Eve's node: the network accepts it, and it syncs.
  async "registered-joins"(networkInfo) {
    await motion(networkInfo, ["register-node", "--peer-id", EVE_PEER_ID, "--operator", EVE_OPERATOR]);
    const alice = await lib.connect(networkInfo, "alice");
    const target = (await lib.numbers(alice)).best;
    await alice.disconnect();
    const state = await waitFor("Eve's node to peer and sync", 150, async () => {
      const s = await eve(networkInfo);
      return s.peers >= 1 && s.best >= target ? s : null;
    });
    log(`registered: Eve's node has ${state.peers} peers and is at #${state.best}`);
  },

  // The board deregisters it: the network drops it, and it stops following the chain.
  async "deregistered-dropped"(networkInfo) {
    await motion(networkInfo, ["deregister-node", "--peer-id", EVE_PEER_ID]);
    const state = await waitFor("the network to drop Eve's node", 120, async () => {
      const s = await eve(networkInfo);
      return s.peers === 0 && !(await seenByNetwork(networkInfo)) ? s : null;
    });
    await sleep(24000);
    const later = await eve(networkInfo);
    const alice = await lib.connect(networkInfo, "alice");
    const network = await lib.numbers(alice);
    await alice.disconnect();
    if (later.peers !== 0 || later.best > state.best + 1 || network.best < later.best + 3) {
      throw new Error(`the deregistered node still follows: ${JSON.stringify({ state, later, network })}`);
    }
    log(`deregistered: Eve's node has 0 peers and stays at #${later.best} while the network is at #${network.best}`);
    process.kill(remember(networkInfo, "eve-pid"));
  },
};

async function run(node, networkInfo, args) {
  const step = steps[args[0]];
  if (!step) throw new Error(`unknown step ${args[0]}`);
  await step(networkInfo);
}

module.exports = { run };
