// Minimal event emitter: on/off/once; listeners that throw do not stop the others.

export class Emitter {
  constructor() {
    this._listeners = new Map();
  }

  /** Adds a listener; returns a function that removes it. */
  on(type, listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    let set = this._listeners.get(type);
    if (!set) this._listeners.set(type, (set = new Set()));
    set.add(listener);
    return () => this.off(type, listener);
  }

  off(type, listener) {
    const set = this._listeners.get(type);
    if (set) set.delete(listener);
  }

  once(type, listener) {
    const off = this.on(type, (ev) => {
      off();
      listener(ev);
    });
    return off;
  }

  emit(type, ev) {
    const set = this._listeners.get(type);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(ev);
      } catch (err) {
        // A broken listener must not break delivery; surface it asynchronously like a DOM event would.
        setTimeout(() => { throw err; }, 0);
      }
    }
  }
}
