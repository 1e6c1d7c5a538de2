/** Typed refusals of the lifecycle service: each names what was wrong, for the person who asked. */
export class LifecycleError extends Error {
  override name = 'LifecycleError';
}

/** No such integration (in this organization). */
export class IntegrationNotFound extends LifecycleError {
  override name = 'IntegrationNotFound';
}

/** The input is wrong: each problem names its field. */
export class InvalidInput extends LifecycleError {
  override name = 'InvalidInput';
  constructor(readonly problems: readonly { field: string; message: string }[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

/** The provider refused the credentials or could not be reached during the connection test. */
export class ConnectionRefused extends LifecycleError {
  override name = 'ConnectionRefused';
  constructor(message: string, readonly kind: 'auth' | 'transient' | 'protocol' | 'setup') {
    super(message);
  }
}

/** The step does not apply in the integration's current status (e.g. resume when not paused). */
export class InvalidTransition extends LifecycleError {
  override name = 'InvalidTransition';
}
