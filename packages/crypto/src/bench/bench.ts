// npm run bench: @parley/crypto's figures, each beside a baseline measured in the same run.
// The last line is one JSON object with every figure.
import {
  PreKeySignalMessage,
  SenderKeyDistributionMessage,
  SignalMessage,
  groupDecrypt,
  groupEncrypt,
  processPreKeyBundle,
  processSenderKeyDistributionMessage,
  signalDecrypt,
  signalDecryptPreKey,
  signalEncrypt,
} from '@signalapp/libsignal-client';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { decryptFile, encryptFile, FILE_CHUNK_BYTES } from '../file-cipher.js';
import { TestDirectory, makeDevice } from '../test/devices.js';
import { msPerRun, opsPerSecond, paired } from './measure.js';
import { RawDevice, RawSenderKeys, newKyberPreKey, newPreKey } from './raw-libsignal.js';

const ROUNDS = 5;
/** File passes are short (~0.1 s), so take more of them. */
const FILE_ROUNDS = 11;
const SLICE_MS = 600;
const MB = 1024 * 1024;
const message200 = new Uint8Array(randomBytes(200));
const figures: Record<string, number> = {};

function report(
  label: string,
  ours: string,
  baseLabel: string,
  baseline: string,
  ratio?: number,
  goal?: string,
) {
  const ratioText =
    ratio === undefined ? '' : `  ratio ${ratio.toFixed(2)}×${goal ? ` (goal ${goal})` : ''}`;
  console.log(
    `${label.padEnd(30)} ${ours.padStart(16)}   vs ${baseLabel.padEnd(38)} ${baseline.padStart(16)}${ratioText}`,
  );
}
const num = (value: number, digits = 0) =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits });

async function sealOpen() {
  const directory = new TestDirectory();
  const { device: alice } = await makeDevice('alice');
  const { device: bob } = await makeDevice('bob');
  await directory.publish(bob);
  const ref = { conversationId: 'bench', epoch: 0 };
  const { envelopes } = await alice.newEpoch(ref, [
    { address: bob.address, ...directory.fetcher(bob.address) },
  ]);
  await bob.receiveEpochKey(alice.address, envelopes[0]?.envelope as Uint8Array, ref);
  const context = { ...ref, clientMessageId: randomUUID() };
  const full = { ...context, senderDevice: alice.address };
  const ours = async () => bob.open(await alice.seal(message200, context), full, alice.identityKey);

  const sender = new RawDevice('sender');
  const senderKeys = new RawSenderKeys();
  const receiverKeys = new RawSenderKeys();
  const distributionId = randomUUID();
  const distribution = await SenderKeyDistributionMessage.create(
    sender.address,
    distributionId,
    senderKeys,
  );
  await processSenderKeyDistributionMessage(sender.address, distribution, receiverKeys);
  const baseline = async () => {
    const sealed = await groupEncrypt(sender.address, distributionId, senderKeys, message200);
    return groupDecrypt(sender.address, receiverKeys, sealed.serialize());
  };
  const result = await paired(
    ROUNDS,
    () => opsPerSecond(ours, SLICE_MS),
    () => opsPerSecond(baseline, SLICE_MS),
  );
  figures.sealOpenOpsPerSec = result.ours;
  figures.senderKeyOpsPerSec = result.baseline;
  figures.sealOpenRatio = result.ratio;
  report(
    'seal+open, 200 B',
    `${num(result.ours)} ops/s`,
    'libsignal groupEncrypt+groupDecrypt',
    `${num(result.baseline)} ops/s`,
    figures.sealOpenRatio,
    '≥ 1.0',
  );
}

async function pairwise() {
  const directory = new TestDirectory();
  const { device: alice } = await makeDevice('alice');
  const { device: bob } = await makeDevice('bob');
  await directory.publish(bob);
  await bob.decrypt(
    alice.address,
    await alice.encrypt(bob.address, message200, directory.fetcher(bob.address)),
  );
  await alice.decrypt(bob.address, await bob.encrypt(alice.address, message200));
  const ours = async () => bob.decrypt(alice.address, await alice.encrypt(bob.address, message200));

  const a = new RawDevice('a');
  const b = new RawDevice('b');
  await processPreKeyBundle(b.bundle(), b.address, a.address, a.sessions, a.identities);
  const first = await signalEncrypt(message200, b.address, a.address, a.sessions, a.identities);
  await signalDecryptPreKey(
    PreKeySignalMessage.deserialize(first.serialize()),
    a.address,
    b.address,
    b.sessions,
    b.identities,
    b.preKeys,
    b.signedPreKeys,
    b.kyberPreKeys,
  );
  const reply = await signalEncrypt(message200, a.address, b.address, b.sessions, b.identities);
  await signalDecrypt(
    SignalMessage.deserialize(reply.serialize()),
    b.address,
    a.address,
    a.sessions,
    a.identities,
  );
  const baseline = async () => {
    const sealed = await signalEncrypt(message200, b.address, a.address, a.sessions, a.identities);
    return signalDecrypt(
      SignalMessage.deserialize(sealed.serialize()),
      a.address,
      b.address,
      b.sessions,
      b.identities,
    );
  };
  const result = await paired(
    ROUNDS,
    () => opsPerSecond(ours, SLICE_MS),
    () => opsPerSecond(baseline, SLICE_MS),
  );
  figures.pairwiseOpsPerSec = result.ours;
  figures.pairwiseBaselineOpsPerSec = result.baseline;
  figures.pairwiseRatio = result.ratio;
  report(
    'pairwise encrypt+decrypt',
    `${num(result.ours)} ops/s`,
    'raw libsignal, in-memory stores',
    `${num(result.baseline)} ops/s`,
    figures.pairwiseRatio,
  );
}

/** Both sides of PQXDH: bundle → session → first (prekey) message decrypted by the receiver. */
async function sessionSetup() {
  const directory = new TestDirectory();
  const { device: alice } = await makeDevice('alice');
  const { device: bob } = await makeDevice('bob', 1, { preKeyCount: 0 });
  await directory.publish(bob);
  const bundle = directory.bundle(bob.address);
  const ours = async () => {
    await alice.establishSession(bundle);
    await bob.decrypt(alice.address, await alice.encrypt(bob.address, message200));
  };

  const a = new RawDevice('a');
  const b = new RawDevice('b');
  const rawBundle = b.bundle();
  const baseline = async () => {
    await processPreKeyBundle(rawBundle, b.address, a.address, a.sessions, a.identities);
    const sealed = await signalEncrypt(message200, b.address, a.address, a.sessions, a.identities);
    await signalDecryptPreKey(
      PreKeySignalMessage.deserialize(sealed.serialize()),
      a.address,
      b.address,
      b.sessions,
      b.identities,
      b.preKeys,
      b.signedPreKeys,
      b.kyberPreKeys,
    );
  };
  const result = await paired(
    ROUNDS,
    () => msPerRun(ours, 40),
    () => msPerRun(baseline, 40),
  );
  figures.sessionSetupMs = result.ours;
  figures.sessionSetupBaselineMs = result.baseline;
  report(
    'session setup (both sides)',
    `${num(result.ours, 2)} ms`,
    'raw libsignal, in-memory stores',
    `${num(result.baseline, 2)} ms`,
  );
}

/** 100 one-time EC + 100 one-time Kyber prekeys, signed and stored. */
async function preKeyGeneration() {
  const { device } = await makeDevice('gen', 1, { preKeyCount: 0 });
  const ours = () =>
    device.replenishPreKeys({ remaining: { preKeys: 0, kyberPreKeys: 0 }, target: 100 });
  const raw = new RawDevice('raw');
  const baseline = () => {
    for (let i = 1; i <= 100; i++) {
      raw.preKeys.records.set(i, newPreKey(i));
      raw.kyberPreKeys.records.set(i, newKyberPreKey(raw.identity, i));
    }
  };
  const result = await paired(
    ROUNDS,
    () => msPerRun(ours, 2),
    () => msPerRun(baseline, 2),
  );
  figures.preKeyGenerationMs = result.ours;
  figures.preKeyGenerationBaselineMs = result.baseline;
  report(
    'prekeys, 100 EC + 100 Kyber',
    `${num(result.ours, 1)} ms`,
    'raw libsignal record generation',
    `${num(result.baseline, 1)} ms`,
  );
}

async function files() {
  const plain = randomBytes(16 * MB);
  const passMb = 128;
  const pieces = (data: Uint8Array, totalMb: number) =>
    (async function* () {
      for (let done = 0; done < totalMb * MB;) {
        for (let at = 0; at < data.length && done < totalMb * MB; at += FILE_CHUNK_BYTES) {
          const piece = data.subarray(at, at + FILE_CHUNK_BYTES);
          done += piece.length;
          yield piece;
        }
      }
    })();
  const mbPerSec = async (run: () => Promise<void>, mb: number) => {
    const start = performance.now();
    await run();
    return (mb * 1000) / (performance.now() - start);
  };

  const encryptOurs = () =>
    mbPerSec(async () => {
      for await (const part of encryptFile(pieces(plain, passMb)).ciphertext) void part;
    }, passMb);
  const encryptPlain = () =>
    mbPerSec(async () => {
      const cipher = createCipheriv('aes-256-gcm', randomBytes(32), randomBytes(12));
      for await (const piece of pieces(plain, passMb)) cipher.update(piece);
      cipher.final();
      cipher.getAuthTag();
    }, passMb);
  const encrypt = await paired(FILE_ROUNDS, encryptOurs, encryptPlain);

  // One 16 MB file decrypted whole, repeatedly; the baseline decrypts a one-pass GCM ciphertext.
  const encryption = encryptFile(pieces(plain, 16));
  const chunks: Uint8Array[] = [];
  for await (const part of encryption.ciphertext) chunks.push(part);
  const ciphertext = Buffer.concat(chunks);
  const plainKey = randomBytes(32);
  const plainIv = randomBytes(12);
  const onePass = createCipheriv('aes-256-gcm', plainKey, plainIv);
  const onePassCiphertext = Buffer.concat([onePass.update(plain), onePass.final()]);
  const onePassTag = onePass.getAuthTag();
  const repeats = passMb / 16;
  const decryptOurs = () =>
    mbPerSec(async () => {
      for (let i = 0; i < repeats; i++) {
        for await (const part of decryptFile(
          encryption.key,
          pieces(ciphertext, ciphertext.length / MB),
        ))
          void part;
      }
    }, passMb);
  const decryptPlain = () =>
    mbPerSec(async () => {
      for (let i = 0; i < repeats; i++) {
        const decipher = createDecipheriv('aes-256-gcm', plainKey, plainIv).setAuthTag(onePassTag);
        for await (const piece of pieces(onePassCiphertext, 16)) decipher.update(piece);
        decipher.final();
      }
    }, passMb);
  const decrypt = await paired(FILE_ROUNDS, decryptOurs, decryptPlain);

  figures.fileEncryptMBps = encrypt.ours;
  figures.fileEncryptBaselineMBps = encrypt.baseline;
  figures.fileEncryptRatio = encrypt.ratio;
  figures.fileDecryptMBps = decrypt.ours;
  figures.fileDecryptBaselineMBps = decrypt.baseline;
  figures.fileDecryptRatio = decrypt.ratio;
  report(
    'file encrypt, 64 KiB chunks',
    `${num(encrypt.ours)} MB/s`,
    'plain node:crypto AES-256-GCM pass',
    `${num(encrypt.baseline)} MB/s`,
    figures.fileEncryptRatio,
    '≥ 0.8',
  );
  report(
    'file decrypt, 64 KiB chunks',
    `${num(decrypt.ours)} MB/s`,
    'plain node:crypto AES-256-GCM pass',
    `${num(decrypt.baseline)} MB/s`,
    figures.fileDecryptRatio,
  );
}

/** Peak live memory (after collection) while a file streams through encrypt then decrypt. */
async function fileMemory(sizeMb: number): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const live = () => {
    gc();
    const usage = process.memoryUsage();
    return usage.heapUsed + usage.arrayBuffers;
  };
  const piece = randomBytes(FILE_CHUNK_BYTES);
  async function* source() {
    for (let i = 0; i < (sizeMb * MB) / FILE_CHUNK_BYTES; i++) yield Buffer.from(piece);
  }
  const baseline = live();
  let peak = 0;
  let count = 0;
  const encryption = encryptFile(source());
  for await (const part of decryptFile(encryption.key, encryption.ciphertext)) {
    void part;
    if (++count % 32 === 0) peak = Math.max(peak, live() - baseline);
  }
  return peak / MB;
}

async function memory() {
  // Free array buffers during collection rather than on a background sweeper, so a sample after
  // gc() shows what is really held. Set only now: it slows allocation-heavy code.
  setFlagsFromString('--no-concurrent-array-buffer-sweeping');
  const small = await fileMemory(5);
  const large = await fileMemory(50);
  figures.fileMemoryPeakMB5 = small;
  figures.fileMemoryPeakMB50 = large;
  report(
    'peak memory, 50 MB file',
    `${num(large, 1)} MB`,
    'the same for a 5 MB file',
    `${num(small, 1)} MB`,
  );
}

const started = performance.now();
console.log(
  `@parley/crypto bench — Node ${process.version}; each figure is a median over alternating rounds with its baseline; ratios are medians of per-round ratios\n`,
);
await sealOpen();
await pairwise();
await sessionSetup();
await preKeyGeneration();
await files();
await memory();
figures.benchSeconds = (performance.now() - started) / 1000;
const rounded = Object.fromEntries(
  Object.entries(figures).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
);
console.log(JSON.stringify(rounded));
