/** What a stretch of received audio sounds like. */
export type SoundClass = 'silence' | 'tone' | 'music' | 'speech';
export const SOUND_CLASSES: readonly SoundClass[] = ['silence', 'tone', 'music', 'speech'];
