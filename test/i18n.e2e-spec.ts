import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersService } from '@forum/accounts';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member, Visitor } from './support/member.js';
import { moderator } from './support/moderator.js';
import { freePort, TestMailServer } from './support/receivers.js';

const CRISIS_POST = 'I wrote my note and the pills are in front of me. Tonight is the night. Thank you all for everything.';

describe('the forum in English and Spanish', () => {
  let forum: TestForum;
  let mail: TestMailServer;

  beforeAll(async () => {
    mail = new TestMailServer(await freePort());
    await mail.start();
    forum = await startForum({ SMTP_URL: `smtp://127.0.0.1:${mail.port}` });
  });
  afterAll(async () => {
    await forum?.close();
    await mail?.stop();
  });

  const getIn = (visitor: Visitor, path: string, acceptLanguage: string) => visitor.agent.get(path).set('accept', 'text/html').set('accept-language', acceptLanguage);
  const langOf = (html: string) => html.match(/<html lang="([^"]+)"/)?.[1];
  /** The text of a quoted-printable e-mail as a person reads it. */
  const readMail = (raw: string) => Buffer.from(raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))), 'latin1').toString('utf8');
  const inOrder = (html: string, markers: string[]) => {
    const at = markers.map((m) => html.indexOf(m));
    return at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]));
  };

  it('answers a browser that asks for Spanish in Spanish, and any other in English', async () => {
    const guest = new Visitor(forum.url);
    const es = await getIn(guest, '/', 'es-MX,es;q=0.9,en;q=0.8');
    expect(langOf(es.text)).toBe('es');
    expect(es.headers['content-language']).toBe('es');
    for (const text of ['Busca ayuda ahora', 'Foros', 'Iniciar sesión', 'Únete', 'Normas de la comunidad']) expect(es.text).toContain(text);
    expect(es.text).not.toContain('Get help now');
    // The forum's own boards are named and described in Spanish too, in the header and the list.
    for (const text of ['Duelo y pérdida', 'Salud mental', 'Voces inmigrantes y multiculturales', 'habla con personas que te entienden']) expect(es.text).toContain(text);
    expect(es.text).not.toContain('Grief &amp; Loss');
    const board = await getIn(guest, '/b/grief-loss', 'es');
    expect(board.text).toMatch(/<title>Duelo y pérdida/);
    expect(board.text).toContain('<h1>Duelo y pérdida</h1>');

    expect(langOf((await getIn(guest, '/', 'en;q=0.5, es-US;q=0.9')).text)).toBe('es');
    expect(langOf((await getIn(guest, '/', 'es;q=0.2, en')).text)).toBe('en');
    expect(langOf((await getIn(guest, '/', 'fr-FR, de')).text)).toBe('en');
    const en = await getIn(guest, '/', 'en-US');
    expect(en.text).toContain('Get help now');
    expect(en.text).not.toContain('Busca ayuda ahora');
  });

  it('leads the Spanish help page with help in Spanish, 911 first', async () => {
    const page = (await getIn(new Visitor(forum.url), '/help', 'es')).text;
    expect(page).toContain('Busca ayuda ahora');
    expect(inOrder(page, ['llama al <a href="tel:988">988</a> y marca 2', 'envía <strong>AYUDA</strong>', 'id="help-emergency"'])).toBe(true);
    // Lines that answer in Spanish come before the ones that do not.
    expect(inOrder(page, ['id="help-emergency"', 'id="help-988"', 'id="help-crisis-text-line"', 'id="help-samhsa"', 'id="help-teen-lifeline"'])).toBe(true);
    expect(page).toContain('Envía AYUDA al 741741');
    expect(page).toContain('href="sms:741741?body=AYUDA"');
    expect(page).toContain('Abierto las 24 horas, todos los días');

    const english = (await getIn(new Visitor(forum.url), '/help', 'en')).text;
    expect(inOrder(english, ['id="help-emergency"', 'id="help-988"', 'id="help-teen-lifeline"', 'id="help-samhsa"'])).toBe(true);
    expect(english).toContain('Text HOME to 741741');
  });

  it('shows the guidelines in Spanish', async () => {
    const page = (await getIn(new Visitor(forum.url), '/guidelines', 'es')).text;
    for (const text of ['Normas de la comunidad', 'Sé amable', 'Nada de detalles sobre métodos', 'Si alguien está en peligro']) expect(page).toContain(text);
  });

  it('lands a Spanish reader on the crisis page in Spanish, with Spanish help first and 911 on top', async () => {
    const ana = await member(forum.url, 'ana');
    await ana.agent.get('/language/es?next=/');
    const { res } = await ana.startThread('mental-health', { title: 'Goodbye', body: CRISIS_POST });
    expect(res.headers.location).toMatch(/^\/support\/\d+$/);
    const landing = (await ana.get(res.headers.location!)).text;
    expect(langOf(landing)).toBe('es');
    expect(landing).toContain('No estás solo');
    expect(landing).toContain('Un moderador ya sabe de tu mensaje');
    expect(inOrder(landing, ['marca 2', 'id="help-emergency"', 'id="help-988"', 'id="help-crisis-text-line"', 'id="help-teen-lifeline"'])).toBe(true);
  });

  it('switches a guest’s language with a plain link, remembered in a cookie and without a session', async () => {
    const guest = new Visitor(forum.url);
    const switched = await guest.agent.get('/language/es?next=/guidelines').set('accept-language', 'en');
    expect(switched.status).toBe(303);
    expect(switched.headers.location).toBe('/guidelines');
    const cookies = ([] as string[]).concat(switched.headers['set-cookie'] ?? []);
    expect(cookies.some((c) => c.startsWith('forum.lang=es'))).toBe(true);
    expect(cookies.some((c) => c.startsWith('forum.sid='))).toBe(false);

    const page = await getIn(guest, '/guidelines', 'en');
    expect(langOf(page.text)).toBe('es');
    expect(page.text).toContain('Normas de la comunidad');
    // The footer offers the way back, as a link.
    expect(page.text).toContain('href="/language/en?next=/guidelines"');
    await guest.agent.get('/language/en?next=/');
    expect(langOf((await getIn(guest, '/', 'es')).text)).toBe('en');

    expect((await guest.agent.get('/language/fr?next=/')).status).toBe(404);
    expect((await guest.agent.get('/language/es?next=//elsewhere.example')).headers.location).toBe('/');
  });

  it('explains errors and refused forms in Spanish', async () => {
    const guest = new Visitor(forum.url);
    await guest.agent.get('/language/es?next=/');
    const missing = await guest.get('/b/no-such-board');
    expect(missing.status).toBe(404);
    expect(langOf(missing.text)).toBe('es');
    expect(missing.text).toContain('No pudimos encontrar esa página.');

    const exposed = await guest.submit('/register', { username: 'ana@example.org', password: 'a long enough password' });
    expect(exposed.status).toBe(400);
    expect(exposed.text).toContain('Un nombre de usuario no puede ser un correo electrónico: te identificaría. Elige un seudónimo.');
    const short = await guest.submit('/register', { username: 'jo', password: 'short' });
    expect(short.text).toContain('Un nombre de usuario tiene entre 3 y 24 caracteres.');

    const forged = await guest.agent.post('/login').type('form').set('accept', 'text/html').send({ username: 'x', password: 'y' });
    expect(forged.status).toBe(403);
    expect(forged.text).toContain('Este formulario caducó o no vino de este foro.');

    const huge = await guest.agent.post('/login').type('form').set('accept', 'text/html').send({ username: 'x', password: 'y'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect(langOf(huge.text)).toBe('es');
    expect(huge.text).toContain('Era más de lo que el foro puede recibir de una vez.');
  });

  it('keeps a member’s choice on their account, so it survives logging out and in on another browser', async () => {
    const bea = await member(forum.url, 'bea');
    const switched = await bea.submit('/language', { lang: 'es', next: '/guidelines' }, '/');
    expect(switched.status).toBe(303);
    expect(switched.headers.location).toBe('/guidelines');
    expect(langOf((await bea.get('/')).text)).toBe('es');
    expect((await forum.db.query('SELECT language FROM users WHERE username = $1', [bea.name]))[0].language).toBe('es');

    const out = await bea.submit('/logout', {}, '/');
    expect(out.status).toBe(303);
    const elsewhere = new Visitor(forum.url, bea.name, bea.password);
    expect(langOf((await getIn(elsewhere, '/', 'en')).text)).toBe('en');
    expect((await elsewhere.login()).status).toBe(303);
    const home = (await getIn(elsewhere, '/', 'en')).text;
    expect(langOf(home)).toBe('es');
    expect(home).toContain('Cerrar sesión');
  });

  it('formats dates in the reader’s language', async () => {
    const cy = await member(forum.url, 'cy');
    const { threadId } = await cy.startThread('introductions', { title: 'Hello from Tempe', body: 'Glad to be here.' });
    const [{ createdAt }] = await forum.db.query('SELECT created_at AS "createdAt" FROM posts WHERE thread_id = $1', [threadId]);
    const phoenix = { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Phoenix' } as const;
    const english = new Intl.DateTimeFormat('en-US', phoenix).format(createdAt);
    const spanish = new Intl.DateTimeFormat('es-US', phoenix).format(createdAt);
    expect(english).not.toBe(spanish);
    expect((await getIn(cy, `/t/${threadId}`, 'en')).text).toContain(english);
    await cy.submit('/language', { lang: 'es', next: '/' }, '/');
    const page = (await cy.get(`/t/${threadId}`)).text;
    expect(page).toContain(spanish);
    expect(page).toContain('0 respuestas');
  });

  it('words a member’s notification in the language they read it in', async () => {
    const dee = await member(forum.url, 'dee');
    const eli = await member(forum.url, 'eli');
    const { threadId } = await dee.startThread('introductions', { title: 'First week', body: 'New here and a bit nervous.' });
    await forum.settle();
    const [{ id: opening }] = await forum.db.query('SELECT id FROM posts WHERE thread_id = $1 AND parent_id IS NULL', [threadId]);
    await eli.reply(threadId!, { body: 'Welcome, glad you found us.', parentId: opening });
    await forum.settle();
    await waitFor(async () => (await forum.db.query('SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.recipient_id WHERE u.username = $1', [dee.name]))[0].n > 0, 10_000, 'the reply notification');

    await dee.submit('/language', { lang: 'es', next: '/notifications' }, '/');
    const spanish = (await dee.get('/notifications')).text;
    expect(spanish).toContain(`${eli.name} respondió a tu mensaje en «First week».`);
    await dee.submit('/language', { lang: 'en', next: '/notifications' }, '/');
    expect((await dee.get('/notifications')).text).toContain(`${eli.name} replied to your post in “First week”.`);
  });

  it('e-mails a crisis alert to each moderator in the language they chose', async () => {
    const users = forum.app.get(UsersService);
    const lupe = await moderator(forum);
    const sam = await moderator(forum);
    for (const [mod, address, language] of [
      [lupe, 'lupe@example.org', 'es'],
      [sam, 'sam@example.org', 'en'],
    ] as const) {
      const [{ id }] = await forum.db.query('SELECT id FROM users WHERE username = $1', [mod.name]);
      await users.setAlertPreferences(id, address, true);
      await users.setLanguage(id, language);
    }
    const before = mail.mails.length;
    const fay = await member(forum.url, 'fay');
    await fay.startThread('grief-loss', { title: 'Tonight', body: CRISIS_POST });
    await waitFor(() => mail.mails.length >= before + 2, 15_000, 'the alert e-mails');
    const sent = mail.mails.slice(before);
    const toLupe = sent.find((m) => m.to.includes('lupe@example.org'))!;
    const toSam = sent.find((m) => m.to.includes('sam@example.org'))!;
    const spanish = readMail(toLupe.raw);
    expect(spanish).toContain('Recibes este correo porque eres moderador del foro.');
    expect(spanish).toMatch(/Ábrela, confirma que la estás atendiendo y comunícate con la persona: \S+\/mod\/alerts\/\d+/);
    expect(spanish).not.toContain('You get this because');
    expect(toLupe.to).not.toContain('sam@example.org');
    const english = readMail(toSam.raw);
    expect(english).toContain('You get this because you are a moderator of the forum.');
    expect(english).toContain('Subject: [CRISIS] A post in Grief & Loss needs a moderator');

    // The alert page, as the Spanish-speaking moderator sees it.
    const alertPath = spanish.match(/\/mod\/alerts\/\d+/)![0];
    const page = (await lupe.get(alertPath)).text;
    expect(langOf(page)).toBe('es');
    for (const text of ['Confirmar: estoy atendiendo esto', '¿Qué pasó?', 'Me comuniqué en privado con el miembro', 'Cronología', 'mensaje escrito']) expect(page).toContain(text);
    const dashboard = (await lupe.get('/mod')).text;
    expect(dashboard).toContain('Alertas abiertas');
    expect(dashboard).toContain('sin confirmar');
    const alertId = alertPath.split('/').pop()!;
    expect((await lupe.submit(`/mod/alerts/${alertId}/resolve`, { outcome: 'resources_shared', note: 'Le compartí el 988' }, alertPath)).status).toBe(303);
    const after = (await lupe.get('/mod')).text;
    expect(after).toContain('Alerta resuelta. Gracias por cuidar de este miembro.');
  }, 30_000);
});
