import { readFileSync } from 'node:fs';
import { Screening } from './shared/compliance';
import { screenName } from './shared/compliance/domain/screening-names';
const lines = readFileSync('test/fixtures/screening/pairs.csv','utf8').trim().split('\n').slice(1);
const parse = (l: string) => { const out: string[] = []; let cur=''; let q=false; for (const ch of l) { if (q) { if (ch==='"') q=false; else cur+=ch; } else if (ch==='"') q=true; else if (ch===',') { out.push(cur); cur=''; } else cur+=ch; } out.push(cur); return out; };
let tp=0,fp=0,fn=0,tn=0;
for (const l of lines) { const [a,b,label,kind]=parse(l); const m = Screening.compareNames(screenName(a!), screenName(b!)); const hit = m.score>=0.85;
 if (label==='true-match') { if (hit) tp++; else { fn++; console.log('FN', a, '|', b, kind, m.score, m.alignments.map(x=>x.how+':'+x.query+'~'+x.entry).join(' ')); } } else { if (hit) { fp++; console.log('FP', a,'|',b,kind,m.score, m.alignments.map(x=>x.how+':'+x.detail).join(' ')); } else tn++; } }
console.log({tp,fp,fn,tn, recall: tp/(tp+fn), precision: tp/(tp+fp)});
