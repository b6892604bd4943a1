/** Stripe's events are far smaller; anything larger is refused before it is read whole. */
export const MAX_BODY_BYTES = 1024 * 1024;
