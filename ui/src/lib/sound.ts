// Short feedback tones made with the Web Audio API (no audio files). Each scan outcome has its own pattern so a
// packer can tell them apart without looking at the screen.

export type SoundKind =
  | 'success'
  | 'wrong_item'
  | 'unknown_barcode'
  | 'over_pick'
  | 'not_a_product'
  | 'not_found'
  | 'error'
  | 'work_arrived'
  | 'done';

export interface Tone {
  /** Frequency in Hz. */
  freq: number;
  /** Length in milliseconds. */
  ms: number;
  wave: OscillatorType;
  /** Silence after the tone, in milliseconds. */
  gap?: number;
  /** 0..1, relative to the master volume. */
  gain?: number;
}

export const SOUNDS: Readonly<Record<SoundKind, readonly Tone[]>> = {
  // One short high blip: the sound you hear a hundred times a day, so it is quiet and quick.
  success: [{ freq: 1568, ms: 60, wave: 'sine', gain: 0.6 }],
  // Falling two-note "uh-oh": this item is not on the order.
  wrong_item: [
    { freq: 523, ms: 150, wave: 'square', gap: 40, gain: 0.5 },
    { freq: 349, ms: 260, wave: 'square', gain: 0.5 },
  ],
  // A long low buzz: the code means nothing to us.
  unknown_barcode: [{ freq: 196, ms: 420, wave: 'sawtooth', gain: 0.45 }],
  // Three quick equal beeps: you already have them all.
  over_pick: [
    { freq: 880, ms: 80, wave: 'triangle', gap: 60 },
    { freq: 880, ms: 80, wave: 'triangle', gap: 60 },
    { freq: 880, ms: 80, wave: 'triangle' },
  ],
  // Rising two-note question: that is a label, not a product.
  not_a_product: [
    { freq: 587, ms: 120, wave: 'triangle', gap: 30 },
    { freq: 880, ms: 180, wave: 'triangle' },
  ],
  not_found: [
    { freq: 330, ms: 140, wave: 'triangle', gap: 70 },
    { freq: 330, ms: 140, wave: 'triangle' },
  ],
  error: [{ freq: 262, ms: 240, wave: 'square', gain: 0.4 }],
  // Soft rising chime: new work.
  work_arrived: [
    { freq: 659, ms: 110, wave: 'sine', gap: 20 },
    { freq: 880, ms: 110, wave: 'sine', gap: 20 },
    { freq: 1319, ms: 220, wave: 'sine' },
  ],
  done: [
    { freq: 1047, ms: 90, wave: 'sine', gap: 20 },
    { freq: 1568, ms: 160, wave: 'sine' },
  ],
};

const MASTER_GAIN = 0.18;

let ctx: AudioContext | null = null;
let muted = false;

type AudioContextCtor = new () => AudioContext;

function context(): AudioContext | null {
  if (ctx) return ctx;
  const w = globalThis as unknown as { AudioContext?: AudioContextCtor; webkitAudioContext?: AudioContextCtor };
  const Ctor = w.AudioContext ?? w.webkitAudioContext;
  if (!Ctor) return null;
  try {
    ctx = new Ctor();
  } catch {
    ctx = null;
  }
  return ctx;
}

export function setMuted(value: boolean): void {
  muted = value;
}

export function isMuted(): boolean {
  return muted;
}

/** Total length of a sound in milliseconds. */
export function duration(kind: SoundKind): number {
  return SOUNDS[kind].reduce((sum, tone) => sum + tone.ms + (tone.gap ?? 0), 0);
}

/** Play a feedback sound. Never throws; does nothing where audio is unavailable or muted. */
export function play(kind: SoundKind): void {
  if (muted) return;
  const ac = context();
  if (!ac) return;
  try {
    if (ac.state === 'suspended') void ac.resume();
    let at = ac.currentTime + 0.01;
    for (const tone of SOUNDS[kind]) {
      const osc = ac.createOscillator();
      const gain = ac.createGain();
      const peak = MASTER_GAIN * (tone.gain ?? 0.7);
      const len = tone.ms / 1000;
      osc.type = tone.wave;
      osc.frequency.setValueAtTime(tone.freq, at);
      // Short attack and release so tones do not click.
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(peak, at + 0.008);
      gain.gain.setValueAtTime(peak, at + Math.max(0.008, len - 0.03));
      gain.gain.exponentialRampToValueAtTime(0.0001, at + len);
      osc.connect(gain).connect(ac.destination);
      osc.start(at);
      osc.stop(at + len + 0.02);
      at += len + (tone.gap ?? 0) / 1000;
    }
  } catch {
    // Audio is a nicety: a failing sound card must never break a scan.
  }
}
