#!/usr/bin/env python3
"""Writes reference frontend outputs computed by torchaudio, for SpectralFrontendTest (run by hand;
the outputs are committed, the tests do not need Python).

For each case: a 16-bit mono WAV input (deterministic test signal: two tones, a chirp and seeded
noise) and a CSV of the torchaudio output, rows = frames, columns = channels.
Usage: /usr/bin/python3 make_torchaudio_fixtures.py ../resources/torchaudio
"""
import math
import os
import sys
import wave

import numpy as np
import torch
import torchaudio

out = sys.argv[1] if len(sys.argv) > 1 else "../resources/torchaudio"
os.makedirs(out, exist_ok=True)
torch.set_num_threads(1)


def signal(sr, seconds, seed):
    n = int(sr * seconds)
    t = np.arange(n) / sr
    rng = np.random.default_rng(seed)
    x = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 1250 * t + 0.3)
    f0, f1 = 100.0, sr * 0.4
    x += 0.2 * np.sin(2 * np.pi * (f0 * t + (f1 - f0) * t * t / (2 * seconds)))
    x += 0.05 * rng.standard_normal(n)
    x *= np.minimum(1.0, t / 0.05)  # fade in
    pcm = np.clip(np.round(x * 32768), -32768, 32767).astype("<i2")
    return pcm


def write_wav(path, pcm, sr):
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sr)
        w.writeframes(pcm.tobytes())


def write_csv(path, mat):
    # mat: channels x frames -> rows are frames
    np.savetxt(path, mat.T.numpy().astype(np.float64), delimiter=",", fmt="%.9g")


cases = {
    # Talamo's MFCC at 8 kHz (torchaudio defaults otherwise, top_db 80)
    "talamo_mfcc": (8000, 0.75, 1, lambda: torchaudio.transforms.MFCC(
        sample_rate=8000, n_mfcc=32, melkwargs=dict(n_fft=512, hop_length=512, n_mels=128))),
    # torchaudio.transforms.MFCC defaults at 16 kHz
    "default_mfcc": (16000, 0.5, 2, lambda: torchaudio.transforms.MFCC(sample_rate=16000)),
    # log-mel, Slaney scale and norm, magnitude, win 300 of nFft 512, not centred
    "slaney_mel": (16000, 0.4, 3, lambda: torch.nn.Sequential(
        torchaudio.transforms.MelSpectrogram(sample_rate=16000, n_fft=512, win_length=300, hop_length=160,
                                             n_mels=40, f_min=50.0, f_max=7000.0, norm="slaney",
                                             mel_scale="slaney", power=1.0, center=False),
        torchaudio.transforms.AmplitudeToDB(stype="magnitude"))),
    # Hamming power spectrogram as in the whale-call slides (nFft 512, hop 26, 2 kHz)
    "hamming_stft": (2000, 0.4, 4, lambda: torchaudio.transforms.Spectrogram(
        n_fft=512, hop_length=26, window_fn=torch.hamming_window, power=2.0, center=False)),
}

for name, (sr, seconds, seed, make) in cases.items():
    pcm = signal(sr, seconds, seed)
    write_wav(os.path.join(out, name + ".wav"), pcm, sr)
    x = torch.from_numpy(pcm.astype(np.float32) / 32768.0)
    y = make()(x)
    write_csv(os.path.join(out, name + ".csv"), y)
    print(name, tuple(y.shape))
print("torchaudio", torchaudio.__version__, "torch", torch.__version__)
