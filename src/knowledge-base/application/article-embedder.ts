import { Injectable } from '@nestjs/common';
import { TextEmbedder } from '../../platform/llm/index.js';

export type { Embedding } from '../../platform/llm/index.js';

/** The knowledge base's embeddings: the platform's, with the offline embedding when no provider can serve. */
@Injectable()
export class ArticleEmbedder extends TextEmbedder {}
