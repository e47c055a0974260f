/**
 * A short two-tone chime made with Web Audio (no file to load). Browsers only
 * let a page make sound after a user gesture, so `unlock()` is called from the
 * click that turns sound on.
 */
let context = null;

/** Prepares audio in answer to a user gesture. */
export function unlock() {
  const Ctx = globalThis.AudioContext ?? globalThis.webkitAudioContext;
  if (!Ctx) return;
  context ??= new Ctx();
  if (context.state === 'suspended') context.resume().catch(() => {});
}

/** Plays the chime; silently nothing when audio is unavailable or still locked. */
export function chime(urgent = false) {
  if (!context || context.state !== 'running') return;
  const start = context.currentTime;
  const tones = urgent ? [880, 660, 880] : [660, 880];
  tones.forEach((frequency, i) => {
    const osc = context.createOscillator();
    const gain = context.createGain();
    const at = start + i * 0.14;
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.15, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.13);
    osc.connect(gain).connect(context.destination);
    osc.start(at);
    osc.stop(at + 0.14);
  });
}
