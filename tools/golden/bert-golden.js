// Writes the BERT golden fixture: ids from transformers.js's BertTokenizer (a port of Hugging Face
// tokenizers: BertNormalizer lowercase + strip accents, BertPreTokenizer, WordPiece) for cases.json
// and 200 seeded random strings. See README.md for the setup.
const fs = require('fs');
const { BertTokenizer } = require('@huggingface/transformers');
const vocabList = fs.readFileSync('vocab.txt', 'utf8').split('\n').slice(0, -1);
const vocab = {}; vocabList.forEach((t, i) => vocab[t] = i);
const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const tokenizerJSON = {
  version: '1.0', truncation: null, padding: null,
  added_tokens: specials.map(s => ({ id: vocab[s], content: s, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
  normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: null,
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
};
const tok = new BertTokenizer(tokenizerJSON, { do_lower_case: true, model_max_length: 512 });

const cases = require('./cases.json');
let seed = 99; const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pools = ["abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "0123456789", "     ", "\t\n\r\n\u00a0\u2003\u3000", ".,;:!?-_()[]{}<>\"#$%&*+/=@\\^`|~'", "éèàçñüöäßœøåÉÈÅ", "日本語中文한국어テキスト", "😀🎉", "αβγΔΣπ", "абвгдЖЗ", "\u0301\u0308\u200b\u200d\u00ad", "“”‘’–—…", "\u0000\u0007\u001b\u007f"];
const words = ["the", "unaffable", "strawberries", "running", "tokenization", "supercalifragilistic", "Hello", "World", "café", "naïve", "ΣΟΦΟΣ", "İstanbul", "don't"];
for (let n = 0; n < 200; n++) {
  let s = ""; const len = Math.floor(rnd() * 30);
  for (let i = 0; i < len; i++) {
    if (rnd() < 0.3) { s += words[Math.floor(rnd() * words.length)]; continue; }
    const p = [...pools[Math.floor(rnd() * pools.length)]]; s += p[Math.floor(rnd() * p.length)];
  }
  cases.push(s);
}
const out = cases.map(text => ({ text, ids: tok.encode(text, { add_special_tokens: false }) }));
process.stdout.write('[' + out.map(x => JSON.stringify(x)).join(',\n') + ']\n');
