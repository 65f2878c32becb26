// Ownership of disposables: each lifetime (the extension, a panel, a run) is one Disposable that registers what it
// creates and disposes it all, last in first out, exactly once.

export interface IDisposable {
  dispose(): unknown;
}

export class Disposable implements IDisposable {
  private readonly owned: IDisposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `d` (disposing it at once if this scope is already gone) and returns it. */
  register<T extends IDisposable>(d: T): T {
    if (this.disposed) {
      d.dispose();
    } else {
      this.owned.push(d);
    }
    return d;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const d of this.owned.splice(0).reverse()) {
      try {
        d.dispose();
      } catch (e) {
        errors.push(e);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'Some resources failed to dispose');
  }
}
