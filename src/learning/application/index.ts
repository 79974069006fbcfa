import { CompleteEstimateHandler } from './complete-estimate.handler.js';
import {
  ComplexityWarningsHandler,
  CorrectionFactorHandler,
  GetLearningHandler,
  ListLearningHandler,
  LivingDocHandler,
  SimilarFailuresHandler,
} from './learning-queries.handlers.js';
import { RecordLearningHandler } from './record-learning.handler.js';

export const commandHandlers = [RecordLearningHandler, CompleteEstimateHandler];
export const queryHandlers = [
  ListLearningHandler,
  GetLearningHandler,
  SimilarFailuresHandler,
  CorrectionFactorHandler,
  ComplexityWarningsHandler,
  LivingDocHandler,
];
