#!/usr/bin/env python3
"""A fast non-spiking proxy for choosing the Arabic digits' feature processing on train.csv only.

torchaudio MFCC (32 of 64 HTK mels, n_fft 1024, hop 512, as configs/spoken-digits-16k.yaml) of
peak-normalised clips, the variant's per-recording processing, per-channel 1st/99th-percentile scaling
to [0, 1], then a GRU(64) with a time-averaged linear readout, 40 epochs of AdamW, scored on the three
speaker-grouped folds of scripts/arabic-dev-folds.py (same speakers). Variant names combine: cmn (mean
removal), cmvn (mean and variance), top (top_db 60), delta (first differences), +mask (two time and two
channel masks of 1-4 per training batch). Prints each fold's held-out accuracy and the mean.

usage: /usr/bin/python3 scripts/arabic-proxy.py raw cmn cmn-top cmn-top+mask ...
"""
import csv, os, wave, numpy as np, torch, torchaudio, sys, time
torch.set_num_threads(1); torch.manual_seed(0)
base=os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'data', 'arabic_speech_commands_digits') + '/'
rows=list(csv.DictReader(open(base+'train.csv')))
classes=sorted({r['class'] for r in rows})
def load(f):
    w=wave.open(base+f); x=np.frombuffer(w.readframes(w.getnframes()),dtype=np.int16).astype(np.float32)/32768
    return x/ (np.abs(x).max()+1e-9)
X=np.stack([load(r['file']) for r in rows]); y=np.array([classes.index(r['class']) for r in rows])
spk=np.array([r['file'].split('/')[-1].split('_')[0] for r in rows])
import random; sp=sorted(set(spk)); random.Random(7).shuffle(sp); folds=[sp[0:6],sp[6:12],sp[12:18]]
def mfcc(x, top_db=None):
    m=torchaudio.transforms.MFCC(sample_rate=16000,n_mfcc=32,melkwargs=dict(n_fft=1024,hop_length=512,n_mels=64,mel_scale='htk'),log_mels=False)
    if top_db: m.amplitude_to_DB.top_db=top_db
    return m(torch.from_numpy(x)).transpose(1,2).numpy()  # N,T,C
F0=mfcc(X); F60=mfcc(X,60.0)
def delta(f):
    p=np.pad(f,((0,0),(2,2),(0,0)),mode='edge'); T=f.shape[1]
    return sum(k*(p[:,2+k:2+k+T]-p[:,2-k:2-k+T]) for k in (1,2))/10
def variant(name):
    f=F60 if 'top' in name else F0
    f=f.copy()
    if 'cmn' in name or 'cmvn' in name: f=f-f.mean(1,keepdims=True)
    if 'cmvn' in name: f=f/np.maximum(f.std(1,keepdims=True),1e-3)
    if 'delta' in name: f=np.concatenate([f,delta(f)],2)
    return f
class Net(torch.nn.Module):
    def __init__(s,c): super().__init__(); s.g=torch.nn.GRU(c,64,batch_first=True); s.o=torch.nn.Linear(64,10)
    def forward(s,x): return s.o(s.g(x)[0]).mean(1)
def run(name, mask=False):
    f=variant(name); accs=[]
    for fo in folds:
        te=np.isin(spk,fo); tr=~te
        lo=np.percentile(f[tr].reshape(-1,f.shape[2]),1,0); hi=np.percentile(f[tr].reshape(-1,f.shape[2]),99,0)
        g=np.clip((f-lo)/(hi-lo),0,1).astype(np.float32)
        xt=torch.from_numpy(g[tr]); yt=torch.from_numpy(y[tr]); xe=torch.from_numpy(g[te])
        torch.manual_seed(1); net=Net(g.shape[2]); opt=torch.optim.AdamW(net.parameters(),3e-3,weight_decay=0.05)
        for ep in range(40):
            perm=torch.randperm(len(xt))
            for i in range(0,len(xt),32):
                b=perm[i:i+32]; xb=xt[b].clone()
                if mask:
                    for j in range(len(xb)):
                        for _ in range(2):
                            w=np.random.randint(1,5); t0=np.random.randint(0,xb.shape[1]-w+1); xb[j,t0:t0+w]=xb[j].mean(0)
                            w=np.random.randint(1,5); c0=np.random.randint(0,32-w+1); xb[j,:,c0:c0+w]=xb[j,:,c0:c0+w].mean(0)
                loss=torch.nn.functional.cross_entropy(net(xb),yt[b]); opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad(): accs.append((net(xe).argmax(1).numpy()==y[te]).mean())
    print(f'{name}{" +mask" if mask else ""}: folds {np.round(np.array(accs)*100,1)} mean {np.mean(accs)*100:.1f}', flush=True)
for v in sys.argv[1:]:
    run(v.replace('+mask',''), '+mask' in v)
