/**
 * A failure no retry can mend (a shape we can't read, an object Stripe refuses to give us): the event is
 * set aside as a dead letter at once, with this message as its reason, and the events behind it go on.
 */
export class PermanentEventFailure extends Error {
  constructor(reason: string, options?: ErrorOptions) {
    super(reason, options);
    this.name = 'PermanentEventFailure';
  }
}
