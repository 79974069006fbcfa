import { Controller, Get, Param, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { NotFoundError } from '../../platform/decider/decider.js';
import { ApiAuthenticated } from '../../platform/http/api-docs.decorators.js';
import { CurrentPrincipal } from '../../platform/http/auth/auth.decorators.js';
import type { Principal } from '../../platform/http/auth/principal.js';
import { Endpoint } from '../../platform/http/endpoint.decorator.js';
import { LivingDocQuery } from '../application/learning.queries.js';
import { LIVING_DOCS, type LivingDoc } from '../domain/living-docs.js';

const DOC_NAMES = LIVING_DOCS.map((doc) => `${doc}.md`);

/** The living documents, rendered from the learning records on each request. */
@ApiTags('learning')
@ApiAuthenticated()
@Controller('api/v1/living-docs')
export class LivingDocsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':name')
  @Endpoint({
    operationId: 'getLivingDoc',
    summary: 'A living document as Markdown',
    description:
      '`failures.md` (each failure with its lesson), `estimates.md` (estimated vs actual, with the 90-day correction factor), ' +
      '`decisions.md` (what the pipelines decided and why), `patterns.md` (patterns found in retrospectives, and pattern usage counted ' +
      'by outcome). The newest 500 records of each, newest first. Another name answers 404.',
    roles: ['admin', 'operator', 'agent'],
    problems: ['not-found'],
  })
  @ApiParam({ name: 'name', enum: DOC_NAMES })
  @ApiOkResponse({ description: 'The document', content: { 'text/markdown': { schema: { type: 'string' } } } })
  async getLivingDoc(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const doc = LIVING_DOCS.find((known) => `${known}.md` === name);
    if (!doc) throw new NotFoundError('living document', name);
    const markdown = await this.queries.execute(new LivingDocQuery(principal.tenantId, doc satisfies LivingDoc));
    response.type('text/markdown; charset=utf-8');
    return markdown;
  }
}
