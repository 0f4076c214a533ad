/**
 * Checks that the ceiling answers like the service for the same data: byte-identical thread
 * pages (first page, a cursor page, oldest first, 304 on revalidation) with the same
 * Content-Type, ETag, Cache-Control and CORS headers; the same 202 shape and Location; the same
 * problem documents for a bad comment and an unknown article. Each difference is reported.
 */
const HEADERS = [
  'content-type',
  'etag',
  'cache-control',
  'access-control-allow-origin',
  'access-control-expose-headers',
];

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

async function ask(url: string, init?: RequestInit): Promise<Answer> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, body: await response.text() };
}

export interface Equivalence {
  ok: boolean;
  checks: string[];
  differences: string[];
}

export async function compareCeilingWithService(
  serviceUrl: string,
  ceilingUrl: string,
  thread: string,
  postArticle: string,
): Promise<Equivalence> {
  const checks: string[] = [];
  const differences: string[] = [];
  const same = (
    check: string,
    service: Answer,
    ceiling: Answer,
    options: { body?: 'bytes' | 'json' | 'none'; headers?: string[] } = {},
  ) => {
    checks.push(check);
    if (service.status !== ceiling.status)
      differences.push(
        `${check}: status ${service.status} (service) vs ${ceiling.status} (ceiling)`,
      );
    for (const name of options.headers ?? HEADERS) {
      const [a, b] = [service.headers.get(name), ceiling.headers.get(name)];
      if (a !== b)
        differences.push(
          `${check}: ${name} ${JSON.stringify(a)} (service) vs ${JSON.stringify(b)} (ceiling)`,
        );
    }
    const mode = options.body ?? 'bytes';
    if (mode === 'bytes' && service.body !== ceiling.body)
      differences.push(
        `${check}: bodies differ (${service.body.length} vs ${ceiling.body.length} characters)`,
      );
    if (
      mode === 'json' &&
      JSON.stringify(JSON.parse(service.body)) !== JSON.stringify(JSON.parse(ceiling.body))
    ) {
      differences.push(`${check}: ${service.body} (service) vs ${ceiling.body} (ceiling)`);
    }
  };
  const both = (path: string, init?: RequestInit) =>
    Promise.all([ask(serviceUrl + path, init), ask(ceilingUrl + path, init)]);
  const threadPath = `/api/v1/articles/${thread}/comments`;

  const [full, fullCeiling] = await both(`${threadPath}?limit=50`);
  same('GET thread ?limit=50', full, fullCeiling);
  const [first, firstCeiling] = await both(threadPath);
  same('GET thread (default page)', first, firstCeiling);
  const cursor = (JSON.parse(first.body) as { nextCursor: string | null }).nextCursor;
  if (cursor) {
    const [second, secondCeiling] = await both(`${threadPath}?cursor=${cursor}`);
    same('GET thread, next page by cursor', second, secondCeiling);
  }
  const [oldest, oldestCeiling] = await both(`${threadPath}?sort=oldest&limit=7`);
  same('GET thread ?sort=oldest&limit=7', oldest, oldestCeiling);
  const etag = full.headers.get('etag');
  if (etag) {
    const [revalidated, revalidatedCeiling] = await both(`${threadPath}?limit=50`, {
      headers: { 'if-none-match': etag },
    });
    same('GET thread with If-None-Match', revalidated, revalidatedCeiling, {
      headers: ['etag', 'cache-control'],
    });
  }
  const [missing, missingCeiling] = await both('/api/v1/articles/no-such-article/comments');
  same('GET thread of an unknown article', missing, missingCeiling, {
    body: 'json',
    headers: ['content-type'],
  });

  const post = (body: unknown) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const postPath = `/api/v1/articles/${postArticle}/comments`;
  const [bad, badCeiling] = await both(
    postPath,
    post({ body: '', author: { name: 'قارئ', extra: 1 } }),
  );
  same('POST an invalid comment', bad, badCeiling, { body: 'json', headers: ['content-type'] });
  const comment = {
    body: 'مقال مفيد، شكراً للكاتب على هذا العرض الواضح.',
    author: { name: 'قارئة' },
  };
  const [accepted, acceptedCeiling] = await both(postPath, post(comment));
  same('POST a comment', accepted, acceptedCeiling, {
    body: 'none',
    headers: HEADERS.filter((h) => h !== 'etag' && h !== 'cache-control'),
  });
  for (const [who, answer] of [
    ['service', accepted],
    ['ceiling', acceptedCeiling],
  ] as const) {
    const { id, status, ...rest } = JSON.parse(answer.body) as { id: string; status: string };
    if (status !== 'pending' || !/^[0-9a-f-]{36}$/.test(id) || Object.keys(rest).length > 0)
      differences.push(`POST a comment: unexpected body from the ${who}: ${answer.body}`);
    if (answer.headers.get('location') !== `/api/v1/comments/${id}/status`)
      differences.push(
        `POST a comment: Location ${answer.headers.get('location')} from the ${who}`,
      );
  }
  return { ok: differences.length === 0, checks, differences };
}
