// polkadot.js against a running pssc-node --dev, unmodified: no type or extension
// definitions are given, so it works from the chain's metadata alone.
// 1. Alice (the board) signs a remark: included in a block.
// 2. A stranger signs the same: the node's admission check refuses it
//    ("Invalid signing address").
// 3. Alice signs a remark that never expires (era 0): refused, as every signed transaction
//    must be mortal (admission's code 6); polkadot.js's default, used in 1, is mortal.
// Usage: node check.mjs [ws://127.0.0.1:9944]
import { ApiPromise, WsProvider } from "@polkadot/api";
import { Keyring } from "@polkadot/keyring";

const url = process.argv[2] ?? "ws://127.0.0.1:9944";
const api = await ApiPromise.create({ provider: new WsProvider(url), noInitWarn: true });
const keyring = new Keyring({ type: "sr25519" });

function submit(signer, call, options = {}) {
  return new Promise((resolve, reject) => {
    call
      .signAndSend(signer, options, ({ status, dispatchError }) => {
        if (dispatchError) reject(new Error(`dispatch error: ${dispatchError.toString()}`));
        else if (status.isInBlock) resolve(status.asInBlock.toHex());
        else if (status.isInvalid || status.isDropped) reject(new Error(status.type));
      })
      .catch(reject);
  });
}

const extensions = api.registry.signedExtensions;
console.log(`runtime ${api.runtimeVersion.specName} ${api.runtimeVersion.specVersion}; extensions: ${extensions.join(", ")}`);
if (!extensions.includes("CheckAdmission")) throw new Error("CheckAdmission is not in the metadata");

const alice = keyring.addFromUri("//Alice");
const block = await submit(alice, api.tx.system.remark("signed by polkadot.js"));
console.log(`1. Alice's remark, signed by polkadot.js, is in block ${block}`);

const stranger = keyring.addFromUri("//Stranger");
try {
  await submit(stranger, api.tx.system.remark("a stranger"));
  throw new Error("the stranger's transaction was accepted");
} catch (error) {
  const message = String(error.message ?? error);
  if (!message.includes("Invalid signing address")) throw error;
  console.log(`2. a stranger is refused by the node: ${message}`);
}

try {
  await submit(alice, api.tx.system.remark("immortal"), { era: 0 });
  throw new Error("the immortal transaction was accepted");
} catch (error) {
  const message = String(error.message ?? error);
  if (!message.includes("Custom error: 6")) throw error;
  console.log(`3. an immortal transaction is refused by the node: ${message}`);
}
await api.disconnect();
console.log("polkadot.js: ok");
