// Warble's web page: upload a file (OpenAI's verbose_json with word timestamps), or record from the microphone
// (a realtime transcription session streaming 16 kHz pcm16); words are highlighted in step with playback.
'use strict';

const $ = (id) => document.getElementById(id);
let result = null;

function headers() {
  const key = $('key').value.trim();
  return key ? { Authorization: 'Bearer ' + key } : {};
}

function status(text) { $('status').textContent = text; }

async function loadModels() {
  const response = await fetch('/v1/models', { headers: headers() });
  if (!response.ok) { status('models: ' + (await errorText(response))); return; }
  const models = (await response.json()).data;
  $('model').replaceChildren(...models.map((m) => new Option(m.id, m.id)));
}

async function errorText(response) {
  try { return (await response.json()).error.message; } catch { return response.statusText; }
}

async function transcribe(blob, name) {
  const form = new FormData();
  form.append('file', blob, name);
  form.append('model', $('model').value);
  form.append('response_format', 'verbose_json');
  form.append('timestamp_granularities[]', 'word');
  form.append('timestamp_granularities[]', 'segment');
  if ($('language').value.trim()) form.append('language', $('language').value.trim());
  status('transcribing…');
  const started = performance.now();
  const response = await fetch('/v1/audio/transcriptions', { method: 'POST', body: form, headers: headers() });
  if (!response.ok) { status('error: ' + (await errorText(response))); return; }
  result = await response.json();
  status(`done: ${result.duration.toFixed(1)} s of audio in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  showWords(result);
  $('downloads').hidden = false;
}

function showWords(transcription) {
  const words = transcription.words && transcription.words.length ? transcription.words : null;
  if (!words) { $('transcript').textContent = transcription.text; return; }
  $('transcript').replaceChildren(...words.flatMap((w) => {
    const span = document.createElement('span');
    span.className = 'word';
    span.textContent = w.word;
    span.dataset.start = w.start;
    span.dataset.end = w.end;
    span.onclick = () => { $('player').currentTime = w.start; $('player').play(); };
    return [span, document.createTextNode(' ')];
  }));
}

function highlight() {
  const now = $('player').currentTime;
  for (const span of document.querySelectorAll('#transcript .word')) {
    span.classList.toggle('current', now >= Number(span.dataset.start) && now < Math.max(Number(span.dataset.end), Number(span.dataset.start) + 0.08));
  }
  if (!$('player').paused) requestAnimationFrame(highlight);
}

function play(blob) {
  const player = $('player');
  player.src = URL.createObjectURL(blob);
  player.hidden = false;
}

function stamp(seconds, marker) {
  const ms = Math.round(seconds * 1000);
  const pad = (n, w) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3600000), 2)}:${pad(Math.floor(ms / 60000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}${marker}${pad(ms % 1000, 3)}`;
}

function render(format) {
  const segments = result.segments || [];
  switch (format) {
    case 'txt': return result.text + '\n';
    case 'srt': return segments.map((s, i) => `${i + 1}\n${stamp(s.start, ',')} --> ${stamp(s.end, ',')}\n${s.text.trim()}\n\n`).join('');
    case 'vtt': return 'WEBVTT\n\n' + segments.map((s) => `${stamp(s.start, '.')} --> ${stamp(s.end, '.')}\n${s.text.trim()}\n\n`).join('');
    default: return JSON.stringify(result, null, 2);
  }
}

function download(format) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([render(format)], { type: 'text/plain' }));
  link.download = 'transcript.' + format;
  link.click();
}

// Microphone: 16 kHz mono samples stream to a realtime session as pcm16; on stop the recording is also uploaded as
// WAV, so the words get timestamps for playback.
let recording = null;

function wav(samples) {
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (at, s) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF'); view.setUint32(4, 36 + samples.length * 2, true); text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true);
  view.setUint32(24, 16000, true); view.setUint32(28, 32000, true); view.setUint16(32, 2, true); view.setUint16(34, 16, true);
  text(36, 'data'); view.setUint32(40, samples.length * 2, true);
  samples.forEach((s, i) => view.setInt16(44 + i * 2, Math.max(-32768, Math.min(32767, Math.round(s * 32768))), true));
  return new Blob([view], { type: 'audio/wav' });
}

function pcm16Base64(samples) {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  samples.forEach((s, i) => view.setInt16(i * 2, Math.max(-32768, Math.min(32767, Math.round(s * 32768))), true));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

async function startRecording() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const context = new AudioContext({ sampleRate: 16000 });
  const source = context.createMediaStreamSource(stream);
  const processor = context.createScriptProcessor(4096, 1, 1);
  const key = $('key').value.trim();
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/realtime?intent=transcription&model=${encodeURIComponent($('model').value)}`;
  const socket = new WebSocket(url, key ? ['realtime', 'openai-insecure-api-key.' + key] : ['realtime']);
  const live = document.createElement('span');
  live.className = 'pending';
  $('transcript').replaceChildren(live);
  recording = { stream, context, processor, socket, samples: [] };
  socket.onopen = () => socket.send(JSON.stringify({ type: 'session.update', session: { input_audio_format: 'pcm16', input_audio_sample_rate: 16000, turn_detection: null } }));
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'conversation.item.input_audio_transcription.delta') live.textContent += event.delta;
    if (event.type === 'conversation.item.input_audio_transcription.completed') { live.textContent = event.transcript; socket.close(); }
    if (event.type === 'error') status('error: ' + event.error.message);
  };
  processor.onaudioprocess = (e) => {
    const samples = Float32Array.from(e.inputBuffer.getChannelData(0));
    recording.samples.push(samples);
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'input_audio_buffer.append', audio: pcm16Base64(samples) }));
  };
  source.connect(processor);
  processor.connect(context.destination);
  $('record').textContent = 'Stop';
  $('record').classList.add('recording');
  status('recording…');
}

async function stopRecording() {
  const { stream, context, processor, socket, samples } = recording;
  recording = null;
  processor.disconnect();
  stream.getTracks().forEach((t) => t.stop());
  await context.close();
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: 'input_audio_buffer.commit' }));
  $('record').textContent = 'Record';
  $('record').classList.remove('recording');
  const all = new Float32Array(samples.reduce((n, s) => n + s.length, 0));
  samples.reduce((at, s) => { all.set(s, at); return at + s.length; }, 0);
  const blob = wav(all);
  play(blob);
  await transcribe(blob, 'recording.wav');
}

$('transcribe').onclick = () => {
  const file = $('file').files[0];
  if (!file) { status('choose a file first'); return; }
  play(file);
  transcribe(file, file.name);
};
$('record').onclick = () => (recording ? stopRecording() : startRecording().catch((e) => status('microphone: ' + e.message)));
$('player').onplay = () => requestAnimationFrame(highlight);
$('player').onseeked = highlight;
$('key').onchange = loadModels;
document.querySelectorAll('#downloads button').forEach((b) => { b.onclick = () => download(b.dataset.format); });
loadModels();
