import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, finalize } from 'rxjs';

/**
 * Counts the calls a service is answering, so a drain can wait for them after it stopped listening:
 * they may hold a node lock. One instance per app (`app.useGlobalInterceptors`).
 */
@Injectable()
export class InFlightInterceptor implements NestInterceptor {
  private readonly running = new Set<Promise<void>>();

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    let done!: () => void;
    const call = new Promise<void>((resolve) => (done = resolve));
    this.running.add(call);
    return next.handle().pipe(
      finalize(() => {
        this.running.delete(call);
        done();
      }),
    );
  }

  get count(): number {
    return this.running.size;
  }

  /** Resolves when every call that arrived until now has been answered. */
  async idle(): Promise<void> {
    await Promise.all([...this.running]);
  }
}
