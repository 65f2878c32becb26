// Seeded randomness for hidden tests: the same submission always meets the same "random" inputs, so a failure
// can be reproduced and a grade never flips between runs. The one generator of the project (src/util/random.ts),
// inlined into each exercise's test bundle by esbuild.
//
//   const rand = seededRandom(42); rand()   // a number in [0, 1), the same sequence for the same seed

export { seededRandom } from '../../src/util/random';
