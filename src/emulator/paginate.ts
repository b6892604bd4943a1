/**
 * Stripe's cursor pagination over a list in listing order: `starting_after` walks forward from the
 * cursor, `ending_before` takes the page just before it (still returned newest first), and
 * `has_more` says whether more matching objects lie further in that direction.
 */
import type { StripeList } from '../metrics/stripe-shapes.ts';
import type { ListSource } from './collection.ts';
import { resourceMissing } from './errors.ts';
import type { ListParams } from './list-params.ts';

export interface PageRequest<T> {
  source: ListSource<T>;
  params: Pick<ListParams, 'limit' | 'startingAfter' | 'endingBefore'>;
  matches: (obj: T) => boolean;
  url: string;
  /** For the 404 when a cursor names no object of this kind. */
  objectName: string;
}

export function paginate<T>({ source, params, matches, url, objectName }: PageRequest<T>): StripeList<T> {
  const cursorIndex = (id: string, param: string) => {
    const index = source.indexOf(id);
    if (index < 0) throw resourceMissing(objectName, id, param);
    return index;
  };
  const page: T[] = [];
  let hasMore = false;

  if (params.endingBefore !== null) {
    for (let i = cursorIndex(params.endingBefore, 'ending_before') - 1; i >= 0; i--) {
      const obj = source.at(i);
      if (!matches(obj)) continue;
      if (page.length === params.limit) {
        hasMore = true;
        break;
      }
      page.push(obj);
    }
    page.reverse();
  } else {
    const start = params.startingAfter === null ? 0 : cursorIndex(params.startingAfter, 'starting_after') + 1;
    for (let i = start; i < source.length; i++) {
      const obj = source.at(i);
      if (!matches(obj)) continue;
      if (page.length === params.limit) {
        hasMore = true;
        break;
      }
      page.push(obj);
    }
  }
  return { object: 'list', data: page, has_more: hasMore, url };
}
