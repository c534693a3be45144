import { kanaFullName } from '../pipeline/ingest/spoken-names.ts';
for (const w of ['そうだん','ありがとう','そうだん-01','しごと-そうだん','めんだん_きろく','たなか-はなこ','タナカ・ハナコ','クロダ_アヤカ','いとう けん','さとう-ゆい','おおさか-ほんしゃ','とうきょう-してん','サンプル-データ','だい-いっかい','g-たなかはなこ']) console.log(w, kanaFullName(w));
