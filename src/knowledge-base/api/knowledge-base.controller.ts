import { randomUUID } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { type Versioned, versioned } from '../../platform/http/etag.interceptor.js';
import { uuidParam } from '../../platform/http/request-context.js';
import { Write, type WriteContext } from '../../platform/http/write-context.decorator.js';
import { ArchiveArticleCommand } from '../application/archive-article.command.js';
import { GetArticleQuery } from '../application/get-article.query.js';
import { PublishArticleCommand } from '../application/publish-article.command.js';
import { SearchArticlesQuery } from '../application/search-articles.query.js';
import {
  ArchiveArticleDto,
  ArticleDto,
  ArticleSearchDto,
  DEFAULT_SEARCH_LIMIT,
  PublishArticleDto,
  SearchArticlesQueryDto,
  toArticleDto,
  toArticleHitDto,
} from './article.dto.js';

const READERS = ['admin', 'operator', 'agent'] as const;
/** Writing the knowledge base is for people: agents read it. */
const EDITORS = ['admin', 'operator'] as const;
const ETAG = { ETag: { $ref: '#/components/headers/ETag' } };
const CREATED = { ...ETAG, Location: { $ref: '#/components/headers/Location' } };
const articlePath = (id: string) => `/api/v1/knowledge-base/articles/${id}`;

/** The organization's knowledge base: published articles, searched by words and meaning, cited in prompts. */
@ApiTags('knowledge-base')
@ApiAuthenticated()
@Controller('api/v1/knowledge-base/articles')
export class KnowledgeBaseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Endpoint({
    operationId: 'searchArticles',
    summary: 'Search the knowledge base',
    description:
      'Published articles matching `q` (web-search syntax), best first by full-text rank and embedding similarity combined, each ' +
      'with a highlight of where it matched. Archived articles are never returned. An empty, blank or over-long `q` answers 400.',
    roles: READERS,
    problems: ['validation'],
  })
  @ApiOkResponse({ type: ArticleSearchDto })
  async searchArticles(@CurrentPrincipal() principal: Principal, @Query() query: SearchArticlesQueryDto): Promise<ArticleSearchDto> {
    const hits = await this.queries.execute(new SearchArticlesQuery(principal.tenantId, query.q, query.limit ?? DEFAULT_SEARCH_LIMIT));
    return { items: hits.map(toArticleHitDto) };
  }

  @Post()
  @Endpoint({
    operationId: 'publishArticle',
    summary: 'Publish a hand-written article',
    description: 'The article is searchable as soon as this answers. Operators and admins only.',
    roles: EDITORS,
    idempotent: true,
    problems: ['validation'],
  })
  @ApiCreatedResponse({ type: ArticleDto, description: 'The published article; ETag is its version', headers: CREATED })
  async publishArticle(@Body() body: PublishArticleDto, @Write() { context }: WriteContext): Promise<Versioned<ArticleDto>> {
    const articleId = randomUUID();
    const written = await this.commands.execute(
      new PublishArticleCommand(context, articleId, {
        title: body.title,
        content: body.content,
        tags: body.tags ?? [],
        source: { kind: 'hand_written' },
      }),
    );
    return versioned(written.version, toArticleDto(written.article), { Location: articlePath(articleId) });
  }

  @Get(':articleId')
  @Endpoint({
    operationId: 'getArticle',
    summary: 'Read an article',
    description: 'Published or archived.',
    roles: READERS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'articleId', format: 'uuid' })
  @ApiOkResponse({ type: ArticleDto })
  async getArticle(@CurrentPrincipal() principal: Principal, @Param('articleId', uuidParam()) articleId: string): Promise<ArticleDto> {
    return toArticleDto(await this.queries.execute(new GetArticleQuery(principal.tenantId, articleId)));
  }

  @Post(':articleId/archive')
  @HttpCode(200)
  @Endpoint({
    operationId: 'archiveArticle',
    summary: 'Archive an article',
    description:
      'Takes it out of search and prompts; it can still be read by id. Archiving an archived article changes nothing. Operators and admins only.',
    roles: EDITORS,
    problems: ['validation', 'not-found'],
  })
  @ApiParam({ name: 'articleId', format: 'uuid' })
  @ApiOkResponse({ type: ArticleDto, description: 'The archived article; ETag is its version', headers: ETAG })
  async archiveArticle(
    @Param('articleId', uuidParam()) articleId: string,
    @Body() body: ArchiveArticleDto,
    @Write() { context }: WriteContext,
  ): Promise<Versioned<ArticleDto>> {
    const written = await this.commands.execute(new ArchiveArticleCommand(context, articleId, body.reason ?? null));
    return versioned(written.version, toArticleDto(written.article));
  }
}
