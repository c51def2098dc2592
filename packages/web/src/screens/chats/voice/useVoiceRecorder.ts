import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { analyseRecording } from './analyse-recording.js';
import { appVoicePlayback } from './app-voice-playback.js';
import { microphoneProblem } from './microphone-problem.js';
import { voiceDrafts } from './voice-drafts.js';
import { VoiceRecording } from './voice-recording.js';

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'processing';

/**
 * Waits for a recording to finish (Stop, the limit, or the chat closing) and keeps it as the
 * draft of `conversationId`, measured for its waveform and duration. False when it was cancelled.
 */
async function keepAsDraft(conversationId: string, recording: VoiceRecording): Promise<boolean> {
  const since = voiceDrafts.epoch();
  const result = await recording.finished;
  if (!result) return false;
  const measured = await analyseRecording(result.blob).catch(() => ({
    // Undecodable here: send it anyway; the API measures the duration itself.
    durationMs: Math.round(recording.elapsedMs()),
    peaks: [],
  }));
  voiceDrafts.save(
    conversationId,
    {
      blob: result.blob,
      url: URL.createObjectURL(result.blob),
      type: result.type,
      limited: result.limited,
      ...measured,
    },
    since,
  );
  return true;
}

/** The recorder of one chat: starting (with the microphone prompt), the running recording, the draft. */
export function useVoiceRecorder(conversationId: string) {
  const [phase, setPhase] = useState<RecorderPhase>('idle');
  const [recording, setRecording] = useState<VoiceRecording | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const draft = useSyncExternalStore(voiceDrafts.subscribe, () => voiceDrafts.read(conversationId));
  const mounted = useRef(true);

  // Leaving the chat stops a running recording, which keepAsDraft then keeps as its draft.
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      recording?.stop();
    };
  }, [recording]);

  const start = async () => {
    setProblem(null);
    setPhase('starting');
    // A voice message playing through the speakers would end up in the recording.
    appVoicePlayback().pause();
    let started: VoiceRecording;
    try {
      started = await VoiceRecording.start();
    } catch (error) {
      setPhase('idle');
      setProblem(microphoneProblem(error));
      return;
    }
    // The chat closed while the permission prompt was open: nobody saw it start.
    if (!mounted.current) {
      started.cancel();
      return;
    }
    setRecording(started);
    setPhase('recording');
    const kept = keepAsDraft(conversationId, started);
    // The person's Stop, the limit or a lost microphone all end here.
    void started.finished.then(() => setPhase('processing'));
    void kept.finally(() => {
      setRecording(null);
      setPhase('idle');
    });
  };

  return {
    phase,
    recording,
    draft,
    problem,
    start: () => void start(),
    dismissProblem: () => setProblem(null),
  };
}
