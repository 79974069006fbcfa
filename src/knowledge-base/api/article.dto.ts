import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import type { ArticleHit, ArticleView } from '../application/article.view.js';
import {
  ARTICLE_LIMITS,
  ARTICLE_SOURCE_KINDS,
  ARTICLE_STATUSES,
  type ArticleSourceKind,
  type ArticleStatus,
} from '../domain/article.types.js';

export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
const NOT_BLANK = /\S/;

export class PublishArticleDto {
  @ApiProperty({ minLength: 1, maxLength: ARTICLE_LIMITS.title, example: 'Outlook keeps asking for the password after a password change' })
  @IsString()
  @Length(1, ARTICLE_LIMITS.title)
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  title!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: ARTICLE_LIMITS.content,
    description: 'Markdown',
    example: 'Remove the stale entries under *Windows Credentials* in Credential Manager, then restart Outlook.',
  })
  @IsString()
  @Length(1, ARTICLE_LIMITS.content)
  @Matches(NOT_BLANK, { message: 'content must not be blank' })
  content!: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: ARTICLE_LIMITS.tags,
    description: 'Stored trimmed and lower-case, once each',
    example: ['outlook', 'm365'],
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(ARTICLE_LIMITS.tags)
  @IsString({ each: true })
  @Length(1, ARTICLE_LIMITS.tag, { each: true })
  tags?: string[];
}

export class ArchiveArticleDto {
  @ApiPropertyOptional({ maxLength: ARTICLE_LIMITS.reason, example: 'Superseded by the article on modern authentication' })
  @OptionalField()
  @IsString()
  @MaxLength(ARTICLE_LIMITS.reason)
  reason?: string;
}

export class SearchArticlesQueryDto {
  @ApiProperty({
    minLength: 1,
    maxLength: ARTICLE_LIMITS.query,
    description: 'Web-search syntax: words (all must match), "a phrase", -excluded, or',
    example: 'outlook password prompt',
  })
  @IsString()
  @Length(1, ARTICLE_LIMITS.query)
  @Matches(NOT_BLANK, { message: 'q must not be blank' })
  q!: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_SEARCH_LIMIT,
    default: DEFAULT_SEARCH_LIMIT,
    description: 'Results to return, best first',
  })
  @OptionalField()
  @TransformType(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCH_LIMIT)
  limit?: number;
}

export class ArticleSourceDto {
  @ApiProperty({ enum: ARTICLE_SOURCE_KINDS, description: '`resolution`: an approved resolution of a troubleshooting session' })
  kind!: ArticleSourceKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'The session resolved (resolution articles)' })
  sessionId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The resolution output the article was drafted from (resolution articles)' })
  outputId?: string;
}

export class ArticleDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'Markdown' })
  content!: string;

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ type: ArticleSourceDto })
  source!: ArticleSourceDto;

  @ApiProperty({ enum: ARTICLE_STATUSES, description: '`archived`: no longer returned by search or cited in prompts' })
  status!: ArticleStatus;

  @ApiProperty({ type: ActorDto })
  publishedBy!: ActorDto;

  @ApiProperty({ format: 'date-time' })
  publishedAt!: string;

  @ApiProperty({
    type: ActorDto,
    nullable: true,
    description: 'Who last replaced the text (a resolution’s article pushed again after an edit)',
  })
  revisedBy!: ActorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revisedAt!: string | null;

  @ApiProperty({ type: ActorDto, nullable: true })
  archivedBy!: ActorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archivedAt!: string | null;

  @ApiProperty({ type: String, nullable: true })
  archiveReason!: string | null;
}

export class ArticleHitDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: [String] })
  tags!: string[];

  @ApiProperty({ type: ArticleSourceDto })
  source!: ArticleSourceDto;

  @ApiProperty({ format: 'date-time' })
  publishedAt!: string;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Combined relevance: (textRank + similarity) / 2' })
  score!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Full-text rank (ts_rank, normalized rank / (rank + 1))' })
  textRank!: number;

  @ApiProperty({ minimum: 0, maximum: 1, description: 'Cosine similarity of the article’s and the query’s embeddings' })
  similarity!: number;

  @ApiProperty({
    description:
      'Fragments of the content around the matched words, which are wrapped in `<mark>…</mark>` (the content is not HTML-escaped)',
    example: 'Remove the stale entries … then restart <mark>Outlook</mark>.',
  })
  highlight!: string;
}

export class ArticleSearchDto {
  @ApiProperty({ type: [ArticleHitDto], description: 'Best first' })
  items!: ArticleHitDto[];
}

export const toArticleDto = (view: ArticleView): ArticleDto => ({ ...view, tags: [...view.tags], source: { ...view.source } });
export const toArticleHitDto = (hit: ArticleHit): ArticleHitDto => ({ ...hit, tags: [...hit.tags], source: { ...hit.source } });
