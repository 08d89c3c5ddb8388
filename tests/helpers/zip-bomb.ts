/**
 * Zip bombs for tests, built without inflating anything: a raw deflate stream of `mib` MiB of
 * zeros is one full-flushed 1 MiB block repeated (a full flush resets the compressor, so copies
 * concatenate into a valid stream) plus an empty final block. About 1 KB per MiB.
 * `declare` sets the sizes the headers claim (default: the true size) so a lying archive can be
 * made too. The CRC is left 0: the expander refuses these long before it would check one.
 */
import zlib from 'node:zlib';

export function zerosDeflate(mib: number): Buffer {
  const block = zlib.deflateRawSync(Buffer.alloc(1 << 20), { finishFlush: zlib.constants.Z_FULL_FLUSH, level: 9 });
  const end = zlib.deflateRawSync(Buffer.alloc(0));
  return Buffer.concat([...Array.from({ length: mib }, () => block), end]);
}

export function zipOfZeros(opts: { entry?: string; mib: number; declare?: number }): Buffer {
  const name = Buffer.from(opts.entry ?? 'zeros.json');
  const data = zerosDeflate(opts.mib);
  const usize = opts.declare ?? opts.mib * 1024 * 1024;
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(usize >>> 0, 22);
  local.writeUInt16LE(name.length, 26);
  const cd = Buffer.alloc(46);
  cd.writeUInt32LE(0x02014b50, 0);
  cd.writeUInt16LE(20, 4);
  cd.writeUInt16LE(20, 6);
  cd.writeUInt16LE(8, 10);
  cd.writeUInt32LE(data.length, 20);
  cd.writeUInt32LE(usize >>> 0, 24);
  cd.writeUInt16LE(name.length, 28);
  const cdOffset = local.length + name.length + data.length;
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(1, 8);
  eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(cd.length + name.length, 12);
  eocd.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, name, data, cd, name, eocd]);
}
