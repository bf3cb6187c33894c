// `express4` is Express 4 installed under an alias, so the suites run on both majors. The part of its
// API these tests use is the same in Express 5: type it with Express 5's declarations.
declare module 'express4' {
  import express from 'express';
  export default express;
}
