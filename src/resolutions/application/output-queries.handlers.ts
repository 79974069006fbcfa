import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { GetOutputQuery } from './get-output.query.js';
import { ListSessionOutputsQuery } from './list-session-outputs.query.js';
import { OutputReader } from './output.reader.js';

@QueryHandler(GetOutputQuery)
export class GetOutputHandler implements IQueryHandler<GetOutputQuery> {
  constructor(private readonly reader: OutputReader) {}
  async execute({ tenantId, outputId }: GetOutputQuery) {
    const { view, version } = await this.reader.output(tenantId, outputId);
    return { output: view, version };
  }
}

@QueryHandler(ListSessionOutputsQuery)
export class ListSessionOutputsHandler implements IQueryHandler<ListSessionOutputsQuery> {
  constructor(private readonly reader: OutputReader) {}
  execute({ tenantId, sessionId, history }: ListSessionOutputsQuery) {
    return this.reader.ofSession(tenantId, sessionId, history);
  }
}
