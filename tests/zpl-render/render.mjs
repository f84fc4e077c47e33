#!/usr/bin/env node
// Renders one ZPL label (^XA … ^XZ) to a PNG as a Zebra printer would print it, for the tests to scan with zbarimg.
// The renderer is zebrash (github.com/ingridhq/zebrash), compiled to WebAssembly by the npm package
// zpl-renderer-js: an independent ZPL interpreter, not our generator's code. Runs offline.
//
//   node tests/zpl-render/render.mjs [--dpi 203|300|600] <label.zpl | -> <out.png>
//
// The label size comes from the job's ^PW (width) and ^LL (length) in dots; without them, 4×6 in. Fails (exit 1)
// unless the input holds exactly one label.
import fs from "node:fs";
import { ready } from "zpl-renderer-js";

const DPMM = { 152: 6, 203: 8, 300: 12, 600: 24 };

function usage(message) {
  process.stderr.write(`render.mjs: ${message}\nusage: node render.mjs [--dpi 203|300|600] <label.zpl | -> <out.png>\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let dpi = 203;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--dpi") {
    dpi = Number(args[++i]);
  } else {
    files.push(args[i]);
  }
}
if (files.length !== 2) usage("an input and an output file are needed");
const dpmm = DPMM[dpi];
if (!dpmm) usage(`unsupported resolution ${dpi} dpi`);

const zpl = fs.readFileSync(files[0] === "-" ? 0 : files[0], "utf8");
const dots = (command, fallback) => {
  const m = zpl.match(new RegExp(`\\^${command}(\\d+)`));
  return m ? Number(m[1]) : fallback;
};
const widthMm = dots("PW", Math.round(4 * dpi)) / dpmm;
const heightMm = dots("LL", Math.round(6 * dpi)) / dpmm;

const { api } = await ready;
const labels = await api.zplToBase64MultipleAsync(zpl, widthMm, heightMm, dpmm);
if (labels.length !== 1) {
  process.stderr.write(`render.mjs: expected one label, the renderer found ${labels.length}\n`);
  process.exit(1);
}
fs.writeFileSync(files[1], Buffer.from(labels[0], "base64"));
