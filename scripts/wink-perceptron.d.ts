/** The part of wink-perceptron (MIT, no bundled types) that `train-names.ts` uses. */
declare module 'wink-perceptron' {
  interface Perceptron {
    defineConfig(config: { shuffleData?: boolean; maxIterations?: number }): unknown;
    learn(examples: ReadonlyArray<[Record<string, number>, { label: string }]>): number;
    predict(features: Record<string, number>): string;
    exportJSON(): string;
  }
  function perceptron(): Perceptron;
  export default perceptron;
}
