export type MovementKind = 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';

/**
 * Rule 11. Paying (rule 8: above 0 in any currency) decides new / reactivation / churn; the sign of the
 * change in the converted total decides expansion vs contraction. A change of 0 after conversion (only
 * in a currency without a rate, or a same-value switch between currencies) books its 0 under expansion.
 */
export function classifyMovement(payingBefore: boolean, payingAfter: boolean, everPaid: boolean, direction: number): MovementKind {
  if (!payingBefore) return everPaid ? 'reactivation' : 'new';
  if (!payingAfter) return 'churn';
  return direction < 0 ? 'contraction' : 'expansion';
}
