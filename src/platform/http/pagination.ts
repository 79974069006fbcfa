import { type Type } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type as TransformType } from 'class-transformer';
import { ProblemError, problem } from './problem.js';
import { OptionalField } from './input/optional-field.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every list. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE, description: 'Items per page' })
  @OptionalField()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; opaque', example: 'eyJhIjoxMn0' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A keyset position, opaque to clients (base64url JSON). */
export function encodeCursor(after: number): string {
  return Buffer.from(JSON.stringify({ a: after })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const after = (parsed as { a?: unknown }).a;
    if (typeof after === 'number' && Number.isSafeInteger(after) && after >= 0) return after;
  } catch {
    // falls through to the 400 below
  }
  throw new ProblemError(
    problem('validation', 'cursor is not a cursor this API returned', { errors: [{ field: 'cursor', messages: ['invalid cursor'] }] }),
  );
}

/**
 * Builds a page from rows read with `LIMIT limit + 1` ordered by a unique increasing key: the
 * extra row only tells that there is a next page.
 */
export function pageOf<Row, Item>(rows: readonly Row[], limit: number, keyOf: (row: Row) => number, map: (row: Row) => Item): Page<Item> {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit && items.length > 0 ? encodeCursor(keyOf(items[items.length - 1])) : null;
  return { items: items.map(map), nextCursor };
}

export function pageLimit(query: PageQueryDto): number {
  return query.limit ?? DEFAULT_PAGE_SIZE;
}

/** An OpenAPI schema class for a page of `item` (one named class per item type). */
export function PageDtoOf<Item>(item: Type<Item>): Type<Page<Item>> {
  class PageDto implements Page<Item> {
    @ApiProperty({ type: item, isArray: true })
    items!: Item[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` to get the next page; null on the last page',
      example: null,
    })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
  return PageDto;
}
