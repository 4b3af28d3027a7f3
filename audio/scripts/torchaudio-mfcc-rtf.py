#!/usr/bin/env python3
"""Real-time factor of torchaudio's MFCC on one CPU thread, for comparison with `snnaudio bench --features`.

Usage (Debian: apt-get install python3-torchaudio):
    /usr/bin/python3 audio/scripts/torchaudio-mfcc-rtf.py FILE.wav [--seconds 10]
        [--n-fft 400 --hop 200 --n-mels 128 --n-mfcc 40]

Reads a 16-bit mono WAV (the bench writes the one it measures on), runs torchaudio.transforms.MFCC
with the given settings (HTK mel, no mel norm, centred frames, dB) repeatedly for about --seconds
seconds of CPU time, and prints one JSON line {"torchaudio_mfcc_rtf": ..., ...}: seconds of audio
processed per CPU second.
"""
import argparse
import json
import time
import wave

import numpy as np
import torch
import torchaudio

p = argparse.ArgumentParser()
p.add_argument("wav")
p.add_argument("--seconds", type=float, default=10.0)
p.add_argument("--n-fft", type=int, default=400)
p.add_argument("--hop", type=int, default=200)
p.add_argument("--n-mels", type=int, default=128)
p.add_argument("--n-mfcc", type=int, default=40)
a = p.parse_args()

torch.set_num_threads(1)
with wave.open(a.wav, "rb") as w:
    sr = w.getframerate()
    x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
audio = torch.from_numpy(x)
mfcc = torchaudio.transforms.MFCC(sample_rate=sr, n_mfcc=a.n_mfcc,
                                  melkwargs=dict(n_fft=a.n_fft, hop_length=a.hop, n_mels=a.n_mels))
with torch.inference_mode():
    for _ in range(3):
        mfcc(audio)  # warm-up
    runs = 0
    t0 = time.process_time()
    while True:
        mfcc(audio)
        runs += 1
        cpu = time.process_time() - t0
        if cpu >= a.seconds:
            break
seconds_audio = runs * len(x) / sr
print(json.dumps({"torchaudio_mfcc_rtf": round(seconds_audio / cpu, 1), "runs": runs, "cpu_s": round(cpu, 3),
                  "audio_s": len(x) / sr, "n_fft": a.n_fft, "hop": a.hop, "n_mels": a.n_mels, "n_mfcc": a.n_mfcc,
                  "torch": torch.__version__, "torchaudio": torchaudio.__version__}))
