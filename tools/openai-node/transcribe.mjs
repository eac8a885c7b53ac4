// Transcribes a file through a running `warble serve` with OpenAI's official Node client, unchanged but for the
// base URL: json, verbose_json with word timestamps, srt, and a streamed transcription.
//   cd tools/openai-node && npm install && node transcribe.mjs [AUDIO]
// WARBLE_URL (default http://127.0.0.1:8000/v1), WARBLE_MODEL (default demo), WARBLE_API_KEY if the server has keys.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';

const audio = process.argv[2] ?? fileURLToPath(new URL('../../samples/kjv-sample.wav', import.meta.url));
const model = process.env.WARBLE_MODEL ?? 'demo';
const client = new OpenAI({ baseURL: process.env.WARBLE_URL ?? 'http://127.0.0.1:8000/v1', apiKey: process.env.WARBLE_API_KEY ?? 'none' });
const file = () => fs.createReadStream(audio);

const json = await client.audio.transcriptions.create({ file: file(), model });
console.log(`json: ${json.text}`);

const verbose = await client.audio.transcriptions.create({
  file: file(), model, response_format: 'verbose_json', timestamp_granularities: ['word', 'segment'],
});
console.log(`verbose_json: ${verbose.language}, ${verbose.duration.toFixed(2)} s, ${verbose.segments.length} segment(s), ${verbose.words.length} words, first ${JSON.stringify(verbose.words[0])}`);

const srt = await client.audio.transcriptions.create({ file: file(), model, response_format: 'srt' });
console.log(`srt:\n${srt.trimEnd()}`);

const stream = await client.audio.transcriptions.create({ file: file(), model, stream: true });
for await (const event of stream) {
  console.log(`stream: ${event.type} ${JSON.stringify(event.delta ?? event.text)}`);
}
