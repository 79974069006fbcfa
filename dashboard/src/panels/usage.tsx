import { type Schema, api } from '../api';
import { DataTable, Empty, ErrorNote, useLive } from '../ui';

type Usage = Schema<'UsageTotalsDto'>;
type Day = Schema<'UsageDayDto'>;

/** Tokens per day as bars drawn in SVG (no chart library: nothing inline, nothing fetched). */
function DayChart({ days }: { days: Day[] }) {
  const width = 640;
  const height = 200;
  const max = Math.max(1, ...days.map((day) => day.inputTokens + day.outputTokens));
  // At most 48 px a bar: a week of data reads as bars, not one block.
  const bar = Math.min(48, width / Math.max(1, days.length));
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height + 20}`} role="img" aria-label="Tokens per day">
      {days.map((day, index) => {
        const total = day.inputTokens + day.outputTokens;
        const h = (total / max) * height;
        const hIn = (day.inputTokens / max) * height;
        return (
          <g>
            <title>{`${day.day}: ${total} tokens, $${day.costUsd.toFixed(4)}`}</title>
            <rect class="bar-output" x={index * bar + 2} y={height - h} width={bar - 4} height={h - hIn} />
            <rect class="bar-input" x={index * bar + 2} y={height - hIn} width={bar - 4} height={hIn} />
            <text x={index * bar + bar / 2} y={height + 14} text-anchor="middle">
              {day.day.slice(5)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Events that follow a model call: usage has changed, so the figures are read again. */
const MODEL_OUTCOMES = new Set([
  'BranchReplyGiven',
  'AgentSpoke',
  'HandoffAssessed',
  'HandoffBriefingWritten',
  'OutputDrafted',
  'QuestionAnswered',
  'AgentExecutionSucceeded',
]);

export function UsagePanel() {
  const usage = useLive(
    () => api<Usage>('/usage'),
    (event) => MODEL_OUTCOMES.has(event.type) || event.type.startsWith('Budget'),
    [],
  );
  const days = usage.data?.byDay ?? [];
  const models = usage.data?.byModel ?? [];
  return (
    <section aria-labelledby="usage-title">
      <h1 id="usage-title">Usage</h1>
      <ErrorNote error={usage.error} />
      {usage.data?.total && (
        <p>
          {usage.data.total.calls} calls, {usage.data.total.inputTokens + usage.data.total.outputTokens} tokens, $
          {usage.data.total.costUsd.toFixed(4)}
        </p>
      )}
      {usage.data && days.length === 0 && <Empty>No model call yet in this period: ask a question or start a session.</Empty>}
      {days.length > 0 && (
        <>
          <h2>Tokens by day</h2>
          <p class="legend">
            <span class="swatch bar-input" /> input <span class="swatch bar-output" /> output
          </p>
          <DayChart days={days} />
        </>
      )}
      {models.length > 0 && (
        <DataTable
          head={['Model', 'Calls', 'Input tokens', 'Output tokens', 'Cost']}
          rows={models.map((model) => [
            `${model.provider}/${model.model}`,
            model.calls,
            model.inputTokens,
            model.outputTokens,
            `$${model.costUsd.toFixed(4)}`,
          ])}
        />
      )}
    </section>
  );
}
