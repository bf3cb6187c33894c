// `koa2` is Koa 2 installed under an alias, so the suites can run on both majors. Koa 2's API is the
// part of Koa 3's these tests use; type it with Koa 3's declarations.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
