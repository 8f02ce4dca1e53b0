/**
 * Deterministic demo data: the same options (and base time) always give the same account.
 * It deliberately contains what a connector must cope with: unicode names and subjects, comment
 * bodies with HTML and literal `<script>` text, internal notes, inline images, a file over 10 MB,
 * custom fields of every common type and two custom fields with the same title.
 * Attachment bytes are not generated here: seeded files are (seed, size) pairs expanded on download.
 */
import { bodiesFromHtml, bodiesFromText } from './html';
import { createRng, hash32, intBetween, pick, type Rng } from './rng';
import { ID_BASES, type SeedData } from './state';
import type {
  AttachmentRecord,
  CommentRecord,
  CustomFieldValue,
  FieldOption,
  GroupRecord,
  OrganizationRecord,
  TicketFieldRecord,
  TicketPriority,
  TicketRecord,
  TicketStatus,
  TicketType,
  UserFieldRecord,
  UserRecord,
  ViaRecord,
} from './types';

export interface SeedOptions {
  /** Number of tickets (default 12). */
  tickets?: number;
  /** Number of end users (default 8). */
  users?: number;
  /** Number of agents besides the admin (default 2). */
  agents?: number;
  organizations?: number;
  commentsPerTicket?: number;
  /** Total seeded attachments; the first is the one larger than 10 MB (default 5). */
  attachments?: number;
  seed?: number;
  /** Base time for all timestamps (default: now); everything is placed at least two minutes before it. */
  now?: number;
  subdomain?: string;
}

export const DEFAULT_SEED: Required<Omit<SeedOptions, 'now' | 'subdomain'>> = {
  tickets: 12,
  users: 8,
  agents: 2,
  organizations: 3,
  commentsPerTicket: 3,
  attachments: 5,
  seed: 42,
};

export const LARGE_ATTACHMENT_SIZE = 10 * 1024 * 1024 + 512 * 1024;

const DAY = 86_400_000;
const WEB: ViaRecord = { channel: 'web', source: { from: {}, to: {}, rel: null } };
const EMAIL: ViaRecord = { channel: 'email', source: { from: {}, to: {}, rel: null } };

const FIRST_NAMES = [
  'Zoë',
  'José',
  'Łukasz',
  'Søren',
  'Aoife',
  'Björk',
  'Renée',
  'Ayşe',
  'François',
  'Nguyễn',
  'Åsa',
  'Ørjan',
  'Siobhán',
  'Dmitrij',
  'Chloé',
  'Hana',
  'Mateus',
  'Ingrid',
  'Kwame',
  'Priya',
];
const LAST_NAMES = [
  'Müller',
  'Núñez',
  "O'Brien",
  'Żółć',
  'Ångström',
  'Dubois',
  'García',
  'Kowalski',
  'Lindqvist',
  'Okafor',
  'Tanaka',
  'Sørensen',
  'Yılmaz',
  'Novák',
  'Fernández',
  'Ivanova',
];
const SPECIAL_NAMES = ['王芳', 'Иван Петров', 'محمد الأحمد', '佐藤 花子'];
const ORG_NAMES = [
  'Globex Corporation',
  'Initech',
  'Umbrella Ünited',
  'Stark Industries',
  'Wayne Enterprises',
  'Tyrell Corp',
  'Hooli',
  'Pied Piper',
  'Soylent Foods',
  'Cyberdyne Systems',
];
const PRODUCTS = ['Widget', 'Gadget', 'Gizmo'];
const SUBJECTS = [
  'Printer on fire in {place}',
  'Cannot log in to {product} after password reset',
  'Invoice {n} shows the wrong amount',
  'Export to CSV fails with error {n}',
  'Feature request: dark mode for {product}',
  'Ünïcödé in names breaks the {product} search — 🚀',
  'Sync delayed for order #{n}',
  '<script>alert("subject")</script> appears in the portal',
  'Refund for duplicate charge on {place} store',
  'API returns 500 when saving {product} settings',
];
const PLACES = ['Zürich', 'São Paulo', 'Kraków', 'Reykjavík', 'Montréal', 'Tōkyō', 'Building 7'];
const TAGS = ['vip', 'billing', 'bug', 'feature_request', 'urgent_followup', 'mobile', 'api', 'sla_breach'];

const PLAIN_BODIES = [
  'Hello,\n\nsince this morning {product} shows an error when I open the dashboard. Could you have a look?\n\nThanks,\n{name}',
  'I tried again and it still fails. Steps:\n1. Open settings\n2. Click save\n3. See "Error {n}"',
  'The text <script>alert("xss")</script> was pasted by a customer into the form and now shows up here.',
  'Grüße aus {place}! Ça ne marche toujours pas… 🙁 — 你好, مرحبا',
  'Thanks, that fixed it. You can close this ticket.',
];
const HTML_BODIES = [
  '<p>Hi {name},</p><p>we have <strong>reproduced</strong> the problem and opened an internal investigation. See <a href="https://status.example.com">our status page</a>.</p>',
  '<p>Checklist:</p><ul><li>Cleared cache</li><li>Restarted <em>{product}</em></li></ul><p>Still broken.</p>',
  '<div>Pasted from email:<br><img src="https://example.com/pixel.png" onerror="alert(1)"><script>document.cookie</script> end of paste</div>',
];
const NOTE_BODIES = [
  'Internal: customer is on the {tier} plan, escalate if not solved by Friday.',
  'Internal note: linked to engineering bug ENG-{n}. Do not share the workaround yet.',
  'Internal: <b>do not</b> refund before finance approves.',
];

/** A 1×1 transparent PNG, so seeded images render in the sandbox UI. */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

function fill(template: string, rng: Rng, vars: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (vars[key] !== undefined) return vars[key];
    if (key === 'place') return pick(rng, PLACES);
    if (key === 'product') return pick(rng, PRODUCTS);
    if (key === 'n') return String(intBetween(rng, 100, 99999));
    if (key === 'tier') return pick(rng, ['gold', 'silver', 'bronze']);
    return key;
  });
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function token(rng: Rng, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

class Ids {
  private next = new Map<string, number>();
  take(kind: keyof typeof ID_BASES): number {
    const n = this.next.get(kind) ?? ID_BASES[kind];
    this.next.set(kind, n + 1);
    return n;
  }
}

function fieldOptions(ids: Ids, names: [string, string][]): FieldOption[] {
  return names.map(([name, value], i) => ({ id: ids.take('option'), name, value, position: i }));
}

function ticketFields(ids: Ids, at: number): TicketFieldRecord[] {
  const base = {
    description: '',
    active: true,
    required: false,
    tag: null,
    regexp: null,
    options: null,
    systemOptions: null,
    createdAt: at,
    updatedAt: at,
  };
  const system = (
    type: string,
    title: string,
    position: number,
    systemOptions: { name: string; value: string }[] | null = null,
  ): TicketFieldRecord => ({
    ...base,
    id: ids.take('field'),
    type,
    title,
    position,
    removable: false,
    systemOptions,
  });
  const custom = (
    type: string,
    title: string,
    position: number,
    extra: Partial<TicketFieldRecord> = {},
  ): TicketFieldRecord => ({
    ...base,
    id: ids.take('field'),
    type,
    title,
    position,
    removable: true,
    ...extra,
  });
  return [
    system('subject', 'Subject', 1),
    system('description', 'Description', 2),
    system('status', 'Status', 3, [
      { name: 'New', value: 'new' },
      { name: 'Open', value: 'open' },
      { name: 'Pending', value: 'pending' },
      { name: 'On-hold', value: 'hold' },
      { name: 'Solved', value: 'solved' },
    ]),
    system('tickettype', 'Type', 4, [
      { name: 'Question', value: 'question' },
      { name: 'Incident', value: 'incident' },
      { name: 'Problem', value: 'problem' },
      { name: 'Task', value: 'task' },
    ]),
    system('priority', 'Priority', 5, [
      { name: 'Low', value: 'low' },
      { name: 'Normal', value: 'normal' },
      { name: 'High', value: 'high' },
      { name: 'Urgent', value: 'urgent' },
    ]),
    system('group', 'Group', 6),
    system('assignee', 'Assignee', 7),
    custom('tagger', 'Product', 10, {
      options: fieldOptions(ids, [
        ['Widget', 'product_widget'],
        ['Gadget', 'product_gadget'],
        ['Gizmo', 'product_gizmo'],
      ]),
    }),
    custom('multiselect', 'Affected components', 11, {
      options: fieldOptions(ids, [
        ['API', 'comp_api'],
        ['Web UI', 'comp_ui'],
        ['Billing', 'comp_billing'],
        ['Authentication', 'comp_auth'],
      ]),
    }),
    custom('text', 'Customer reference', 12),
    custom('textarea', 'Steps to reproduce', 13),
    custom('date', 'Target date', 14),
    custom('checkbox', 'Escalated', 15, { tag: 'escalated' }),
    custom('integer', 'Impacted users', 16),
    custom('decimal', 'Order value', 17),
    // Two custom fields with the same title: a connector must tell them apart by id.
    custom('tagger', 'Region', 18, {
      description: 'Sales region',
      options: fieldOptions(ids, [
        ['EMEA', 'sales_emea'],
        ['Americas', 'sales_amer'],
        ['APAC', 'sales_apac'],
      ]),
    }),
    custom('tagger', 'Region', 19, {
      description: 'Data residency region',
      options: fieldOptions(ids, [
        ['EU', 'residency_eu'],
        ['US', 'residency_us'],
      ]),
    }),
    custom('regexp', 'Serial number', 20, { regexp: '^[A-Z]{2}-\\d{4}$' }),
    custom('text', 'Legacy category', 21, { active: false }),
  ];
}

function personFields(
  ids: Ids,
  at: number,
  specs: [UserFieldRecord['type'], string, string, [string, string][]?][],
): UserFieldRecord[] {
  return specs.map(([type, key, title, opts], i) => ({
    id: ids.take('field'),
    key,
    type,
    title,
    description: '',
    position: i + 1,
    active: true,
    tag: null,
    options: opts ? fieldOptions(ids, opts) : null,
    createdAt: at,
    updatedAt: at,
  }));
}

function randomFieldValue(rng: Rng, field: TicketFieldRecord): CustomFieldValue | undefined {
  if (rng() < 0.35) return undefined;
  const opts = field.options ?? [];
  switch (field.type) {
    case 'tagger':
      return pick(rng, opts).value;
    case 'multiselect':
      return opts.filter(() => rng() < 0.4).map((o) => o.value);
    case 'text':
      return `REF-${intBetween(rng, 1000, 9999)}`;
    case 'textarea':
      return '1. Open the app\n2. Press “Save”\n3. Nothing happens';
    case 'date':
      return `2027-0${intBetween(rng, 1, 9)}-1${intBetween(rng, 0, 9)}`;
    case 'checkbox':
      return rng() < 0.5;
    case 'integer':
      return String(intBetween(rng, 1, 5000));
    case 'decimal':
      return `${intBetween(rng, 1, 9999)}.${intBetween(rng, 10, 99)}`;
    case 'regexp':
      return `${pick(rng, ['AB', 'XY', 'QZ'])}-${intBetween(rng, 1000, 9999)}`;
    default:
      return undefined;
  }
}

/** Builds a whole account. 10,000 tickets take well under a few seconds. */
export function generateSeed(options: SeedOptions = {}): SeedData {
  const o = { ...DEFAULT_SEED, ...options };
  const now = options.now ?? Date.now();
  const subdomain = options.subdomain ?? 'acme';
  const rng = createRng(o.seed);
  const ids = new Ids();
  const latest = now - 2 * 60_000;
  const accountCreated = now - 400 * DAY;
  const apiToken = `sim${token(createRng(hash32(`${subdomain}:${o.seed}`)), 37)}`;

  const groups: GroupRecord[] = ['Support', 'Escalations'].map((name) => ({
    id: ids.take('group'),
    name,
    description: `${name} team`,
    createdAt: accountCreated,
    updatedAt: accountCreated,
  }));

  const orgFields = personFields(ids, accountCreated, [
    [
      'tagger',
      'account_tier',
      'Tier',
      [
        ['Gold', 'gold'],
        ['Silver', 'silver'],
        ['Bronze', 'bronze'],
      ],
    ],
    ['date', 'renewal_date', 'Renewal date'],
    ['text', 'region', 'Region'],
    [
      'tagger',
      'data_region',
      'Region',
      [
        ['EU', 'eu'],
        ['US', 'us'],
      ],
    ],
  ]);
  const userFieldDefs = personFields(ids, accountCreated, [
    [
      'tagger',
      'plan_type',
      'Plan',
      [
        ['Free', 'free'],
        ['Pro', 'pro'],
        ['Enterprise', 'enterprise'],
      ],
    ],
    ['date', 'customer_since', 'Customer since'],
    ['checkbox', 'vip', 'VIP'],
    ['text', 'work_phone', 'Phone'],
    ['text', 'mobile_phone', 'Phone'],
  ]);

  const organizations: OrganizationRecord[] = [];
  for (let i = 0; i < o.organizations; i++) {
    const baseName = ORG_NAMES[i % ORG_NAMES.length] ?? 'Org';
    const name = i < ORG_NAMES.length ? baseName : `${baseName} ${Math.floor(i / ORG_NAMES.length) + 1}`;
    const created = accountCreated + intBetween(rng, 0, 30) * DAY;
    organizations.push({
      id: ids.take('organization'),
      name,
      domainNames: [`${slug(name)}.example.com`],
      externalId: `crm-org-${i + 1}`,
      groupId: null,
      details: `${name} headquarters, ${pick(rng, PLACES)}`,
      notes: '',
      sharedTickets: false,
      sharedComments: false,
      tags: [pick(rng, ['enterprise', 'smb', 'partner'])],
      organizationFields: {
        account_tier: pick(rng, ['gold', 'silver', 'bronze']),
        renewal_date: `2027-0${intBetween(rng, 1, 9)}-01`,
        region: pick(rng, ['EMEA', 'Americas', 'APAC']),
        data_region: pick(rng, ['eu', 'us']),
      },
      createdAt: created,
      updatedAt: created,
    });
  }

  const users: UserRecord[] = [];
  const person = (
    name: string,
    email: string,
    role: UserRecord['role'],
    organizationId: number | null,
    extra: Partial<UserRecord> = {},
  ): UserRecord => {
    const created = accountCreated + intBetween(rng, 0, 60) * DAY;
    const user: UserRecord = {
      id: ids.take('user'),
      name,
      email,
      role,
      organizationId,
      active: true,
      suspended: false,
      verified: true,
      timeZone: 'Amsterdam',
      ianaTimeZone: 'Europe/Amsterdam',
      locale: 'en-US',
      localeId: 1,
      phone: null,
      externalId: null,
      tags: [],
      notes: '',
      details: '',
      userFields: {},
      createdAt: created,
      updatedAt: created,
      ...extra,
    };
    users.push(user);
    return user;
  };
  const staffDomain = `${subdomain}.example.com`;
  const admin = person('Ada Admin', `admin@${staffDomain}`, 'admin', null);
  const agents: UserRecord[] = [];
  for (let i = 0; i < o.agents; i++) {
    const first = FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.length] ?? 'Agent';
    agents.push(
      person(
        `${first} Agent`,
        i === 0 ? `agent@${staffDomain}` : `agent${i + 1}@${staffDomain}`,
        'agent',
        null,
      ),
    );
  }
  const staff = [admin, ...agents];
  const endUsers: UserRecord[] = [];
  for (let i = 0; i < o.users; i++) {
    const special = i % 10 === 9 ? SPECIAL_NAMES[Math.floor(i / 10) % SPECIAL_NAMES.length] : undefined;
    const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? 'User';
    const last = LAST_NAMES[(i * 3) % LAST_NAMES.length] ?? 'Person';
    const name = special ?? `${first} ${last}`;
    const org = organizations.length > 0 && i % 5 !== 4 ? organizations[i % organizations.length] : undefined;
    const local = `${slug(special ? `user ${i + 1}` : `${first}.${last}`) || `user${i + 1}`}${i >= FIRST_NAMES.length ? i + 1 : ''}`;
    const domain = org ? (org.domainNames[0] ?? 'example.com') : 'mail.example.net';
    endUsers.push(
      person(name, `${local}@${domain}`, 'end-user', org?.id ?? null, {
        externalId: `crm-user-${i + 1}`,
        phone:
          i % 3 === 0
            ? `+41 44 ${intBetween(rng, 100, 999)} ${intBetween(rng, 10, 99)} ${intBetween(rng, 10, 99)}`
            : null,
        tags: i % 4 === 0 ? ['vip'] : [],
        userFields: {
          plan_type: pick(rng, ['free', 'pro', 'enterprise']),
          customer_since: `20${intBetween(rng, 15, 25)}-0${intBetween(rng, 1, 9)}-15`,
          vip: i % 4 === 0,
          work_phone: null,
          mobile_phone: null,
        },
      }),
    );
  }
  if (endUsers.length === 0) endUsers.push(person('Sam Requester', `sam@mail.example.net`, 'end-user', null));

  const fields = ticketFields(ids, accountCreated);
  const customFields = fields.filter((f) => f.removable && f.active);
  const tickets: TicketRecord[] = [];
  const comments: CommentRecord[] = [];
  const attachments: AttachmentRecord[] = [];
  let attachmentsLeft = o.attachments;
  const forcedStatus: TicketStatus[] = ['open', 'new', 'closed', 'solved', 'pending', 'hold'];
  const statuses: TicketStatus[] = [
    'new',
    'open',
    'open',
    'open',
    'pending',
    'hold',
    'solved',
    'solved',
    'closed',
  ];
  const priorities: (TicketPriority | null)[] = [null, 'low', 'normal', 'normal', 'high', 'urgent'];
  const types: (TicketType | null)[] = [null, 'question', 'incident', 'problem', 'task'];

  const attach = (commentId: number, at: number): number[] => {
    if (attachmentsLeft <= 0) return [];
    const made = o.attachments - attachmentsLeft;
    attachmentsLeft--;
    const aid = ids.take('attachment');
    const kind = made === 0 ? 'large' : (['image', 'log', 'pdf', 'inline'] as const)[(made - 1) % 4];
    const common = {
      id: aid,
      token: token(rng, 25),
      commentId,
      uploadToken: null,
      malwareScanResult: 'malware_not_found' as const,
      createdAt: at,
    };
    let att: AttachmentRecord;
    switch (kind) {
      case 'large':
        att = {
          ...common,
          fileName: 'diagnostics-dump.bin',
          contentType: 'application/octet-stream',
          size: LARGE_ATTACHMENT_SIZE,
          inline: false,
          width: null,
          height: null,
          content: { kind: 'generated', seed: hash32(`att${aid}`), size: LARGE_ATTACHMENT_SIZE, text: false },
        };
        break;
      case 'image':
      case 'inline':
        att = {
          ...common,
          fileName: kind === 'inline' ? `inline-image-${made}.png` : `screenshot-${made}.png`,
          contentType: 'image/png',
          size: PIXEL_PNG.length,
          inline: kind === 'inline',
          width: 1,
          height: 1,
          content: { kind: 'bytes', bytes: PIXEL_PNG },
        };
        break;
      case 'log': {
        const size = 4096 + made * 512;
        att = {
          ...common,
          fileName: `error-${made}.log`,
          contentType: 'text/plain',
          size,
          inline: false,
          width: null,
          height: null,
          content: { kind: 'generated', seed: hash32(`att${aid}`), size, text: true },
        };
        break;
      }
      default: {
        const size = 20_000 + made;
        att = {
          ...common,
          fileName: `Rechnung-Ü${made}.pdf`,
          contentType: 'application/pdf',
          size,
          inline: false,
          width: null,
          height: null,
          content: { kind: 'generated', seed: hash32(`att${aid}`), size, text: false },
        };
      }
    }
    attachments.push(att);
    return [aid];
  };

  for (let i = 0; i < o.tickets; i++) {
    const requester = endUsers[i % endUsers.length] ?? admin;
    const created = latest - intBetween(rng, 2, 90) * DAY - intBetween(rng, 0, DAY - 1);
    const status = forcedStatus[i] ?? pick(rng, statuses);
    const assignee = status === 'new' ? null : pick(rng, staff);
    const subject = fill(SUBJECTS[i % SUBJECTS.length] ?? 'Help', rng);
    const ticketId = ids.take('ticket');
    const values = new Map<number, CustomFieldValue>();
    const tags = TAGS.filter(() => rng() < 0.2);
    for (const f of customFields) {
      const v = randomFieldValue(rng, f);
      if (v === undefined) continue;
      values.set(f.id, v);
      if (f.type === 'tagger' && typeof v === 'string') tags.push(v);
      if (f.type === 'multiselect' && Array.isArray(v)) tags.push(...v);
      if (f.type === 'checkbox' && v === true && f.tag) tags.push(f.tag);
    }
    const commentIds: number[] = [];
    let at = created;
    const span = Math.max(1, latest - created);
    for (let c = 0; c < Math.max(1, o.commentsPerTicket); c++) {
      const cid = ids.take('comment');
      const auditId = ids.take('audit');
      if (c > 0)
        at = Math.min(
          latest,
          at + Math.floor(span / (o.commentsPerTicket + 1)) + intBetween(rng, 0, 3_600_000),
        );
      const vars = { name: requester.name };
      let author: UserRecord;
      let isPublic = true;
      let bodies;
      if (c === 0) {
        author = requester;
        bodies = bodiesFromText(fill(PLAIN_BODIES[i % PLAIN_BODIES.length] ?? '', rng, vars));
      } else if (c % 3 === 2) {
        author = assignee ?? admin;
        isPublic = false;
        const note = NOTE_BODIES[(i + c) % NOTE_BODIES.length] ?? '';
        bodies = note.includes('<b>')
          ? bodiesFromHtml(fill(note, rng, vars))
          : bodiesFromText(fill(note, rng, vars));
      } else if (c % 2 === 1) {
        author = assignee ?? admin;
        bodies = bodiesFromHtml(fill(HTML_BODIES[(i + c) % HTML_BODIES.length] ?? '', rng, vars));
      } else {
        author = requester;
        bodies = bodiesFromText(fill(PLAIN_BODIES[(i + c) % PLAIN_BODIES.length] ?? '', rng, vars));
      }
      comments.push({
        id: cid,
        ticketId,
        auditId,
        authorId: author.id,
        ...bodies,
        public: isPublic,
        attachmentIds: c > 0 || i % 2 === 0 ? attach(cid, at) : [],
        via: c === 0 ? EMAIL : WEB,
        metadata: {
          system: {
            client: 'Mozilla/5.0 (Simulated)',
            ip_address: '192.0.2.10',
            location: 'Zürich, ZH, Switzerland',
            latitude: 47.37,
            longitude: 8.54,
          },
          custom: {},
        },
        createdAt: at,
      });
      commentIds.push(cid);
    }
    const first = comments[comments.length - commentIds.length];
    tickets.push({
      id: ticketId,
      subject,
      description: first?.plainBody ?? '',
      status,
      priority: pick(rng, priorities),
      type: pick(rng, types),
      requesterId: requester.id,
      submitterId: requester.id,
      assigneeId:
        status === 'solved' || status === 'closed' ? (assignee ?? admin).id : (assignee?.id ?? null),
      organizationId: requester.organizationId,
      groupId: assignee ? (groups[0]?.id ?? null) : null,
      tags: [...new Set(tags)],
      customFields: values,
      externalId: null,
      dueAt: null,
      via: EMAIL,
      createdAt: created,
      updatedAt: at,
      generatedAt: at,
      deleted: false,
      commentIds,
      followupIds: [],
      defaultPublic: true,
      version: 0,
    });
  }

  const cred = (u: UserRecord) => ({ email: u.email, token: apiToken });
  const firstAgent = agents[0] ?? admin;
  const firstEndUser = endUsers[0] ?? admin;
  return {
    apiTokens: [apiToken],
    credentials: { admin: cred(admin), agent: cred(firstAgent), endUser: cred(firstEndUser) },
    users,
    organizations,
    groups,
    ticketFields: fields,
    userFields: userFieldDefs,
    organizationFields: orgFields,
    tickets,
    comments,
    attachments,
    jiraLinks: [],
  };
}

/** An account with only the admin, one agent and one end user: for tests that build their own data. */
export function emptySeed(subdomain = 'acme', now = Date.now()): SeedData {
  return generateSeed({ tickets: 0, users: 1, agents: 1, organizations: 0, attachments: 0, subdomain, now });
}
