/**
 * `Promise.withResolvers` for Node 20 (ES2024; native from Node 22).
 *
 * js-libp2p 3 and its dependencies (it-queue in the peer store, noise, yamux, gossipsub, multistream-select)
 * call it at run time; on Node 20 the first dial fails with "Promise.withResolvers is not a function". The host
 * module imports this file before it loads any libp2p module (it loads them with dynamic `import()` after this
 * one has run), so the order holds however the rest of the module graph is arranged. A native implementation
 * is never replaced. Side effect only.
 * @module
 */

interface Resolvers<T> {
  promise: Promise<T>;
  resolve: (value: T | PromiseLike<T>) => void;
  reject: (reason?: unknown) => void;
}

type WithResolvers = <T>() => Resolvers<T>;

const ctor = Promise as unknown as { withResolvers?: WithResolvers };

/** True when this module had to install the polyfill (the runtime lacked it). */
export const installed: boolean = typeof ctor.withResolvers !== 'function';

if (installed) {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    enumerable: false,
    // `this` is the constructor it is called on, as in the spec, so subclasses get their own promises.
    value: function withResolvers<T>(this: PromiseConstructor): Resolvers<T> {
      let resolve!: Resolvers<T>['resolve'];
      let reject!: Resolvers<T>['reject'];
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
