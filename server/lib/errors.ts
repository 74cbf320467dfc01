/**
 * A business rule or input was refused. The route re-renders the form with status 422 and
 * shows `message` next to `field` (or at the top when field is absent).
 */
export class ValidationError extends Error {
  readonly errors: Record<string, string>;
  constructor(errors: Record<string, string> | { field?: string; message: string }) {
    const map: Record<string, string> =
      'message' in errors && typeof errors.message === 'string'
        ? { [(errors as { field?: string }).field ?? '_form']: errors.message }
        : (errors as Record<string, string>);
    super(Object.values(map).join(' ; '));
    this.errors = map;
  }
}

/** The thing asked for does not exist (or the actor may not know it does): 404 page. */
export class NotFoundError extends Error {
  readonly status = 404;
  constructor(message = 'Page introuvable') {
    super(message);
  }
}

/** The actor is logged in but may not do this: 403 page. */
export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(message = 'Vous n’avez pas accès à cette page.') {
    super(message);
  }
}
