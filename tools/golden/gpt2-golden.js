const { encode, decode } = require('./package/Encoder.js');
const cases = require('./cases.json');
const out = cases.map(text => ({ text, ids: encode(text) }));
for (const c of out) { if (decode(c.ids) !== c.text) console.error('JS roundtrip fails', JSON.stringify(c.text)); }
process.stdout.write(JSON.stringify(out, null, 0).replace(/\},\{/g, '},\n{') + '\n');
