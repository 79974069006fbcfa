/** A page of a list in position order: the rows after `after`, at most `limit`. */
export interface PageRequest {
  after: number;
  limit: number;
}
