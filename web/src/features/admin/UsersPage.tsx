import { useState } from 'react';
import { ROLES } from '../../../../src/modules/auth/permissions.ts';
import { UserCreate, UserPatch } from '../../../../src/modules/users/schema.ts';
import type { UserCreate as Create, Organisation, Page, User, UserRow } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import { Field, FormError, useForm } from '../../app/form.tsx';
import { useI18n } from '../../app/i18n.tsx';
import { roleKey } from '../../app/Layout.tsx';
import { invalidate } from '../../app/query.ts';
import { Card, PageTitle, Show, useGet } from '../../app/ui.tsx';

type Role = (typeof ROLES)[number];
const USERS = '/api/v1/users?limit=200';

function RolePicker({ value, onChange, name }: { value: string[]; onChange: (r: Role[]) => void; name: string }) {
  const { t } = useI18n();
  return (
    <div className="checks" role="group" aria-label={`${t('admin.userRoles')}: ${name}`}>
      {ROLES.map((r) => (
        <label key={r} className="check">
          <input type="checkbox" checked={value.includes(r)} onChange={(e) => onChange((e.target.checked ? [...value, r] : value.filter((x) => x !== r)) as Role[])} />
          {t(roleKey(r))}
        </label>
      ))}
    </div>
  );
}

/** Add a user with a first password and roles (admins). The create is idempotent, so a double click makes one account. */
function AddUser({ orgs }: { orgs: Organisation[] }) {
  const { t } = useI18n();
  const form = useForm<Create>({ email: '', name: '', password: '', roles: [], organisationId: null }, UserCreate);
  const [added, setAdded] = useState<string | null>(null);
  const send = async () => {
    const r = await form.submit(
      (body, key) => api<User>('/api/v1/users', { method: 'POST', body, idempotencyKey: key }),
      (v) => ({ ...v, email: v.email.trim(), name: v.name.trim(), organisationId: v.organisationId || null }),
    );
    if (r) {
      setAdded(r.email);
      form.set({ email: '', name: '', password: '', roles: [], organisationId: null });
      form.setDirty(false);
      await invalidate('/api/v1/users');
    }
  };
  const v = form.values;
  return (
    <Card title={t('admin.addUser')} id="add-user">
      <form
        className="form"
        noValidate
        data-testid="add-user"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <FormError message={form.formError} detail={form.formDetail} />
        {added ? (
          <p className="notice" role="status">
            {added}
          </p>
        ) : null}
        <Field label={t('admin.userEmail')} at="/email" errors={form.errors}>
          {(a) => <input {...a} type="email" value={v.email} onChange={(e) => form.set({ email: e.target.value })} />}
        </Field>
        <Field label={t('admin.userName')} at="/name" errors={form.errors}>
          {(a) => <input {...a} value={v.name} onChange={(e) => form.set({ name: e.target.value })} />}
        </Field>
        <Field label={t('admin.userPassword')} at="/password" errors={form.errors}>
          {(a) => <input {...a} type="password" autoComplete="new-password" value={v.password} onChange={(e) => form.set({ password: e.target.value })} />}
        </Field>
        <Field label={t('admin.userOrg')} at="/organisationId" errors={form.errors}>
          {(a) => (
            <select {...a} value={v.organisationId ?? ''} onChange={(e) => form.set({ organisationId: e.target.value || null })}>
              <option value="">—</option>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset className={form.errors['/roles'] ? 'has-error' : ''}>
          <legend>{t('admin.userRoles')}</legend>
          <RolePicker value={v.roles} name={v.name || t('admin.addUser')} onChange={(roles) => form.set({ roles })} />
          {form.errors['/roles'] ? <small className="field-error">{form.errors['/roles']}</small> : null}
        </fieldset>
        <button className="btn" type="submit" disabled={form.busy}>
          {form.busy ? t('form.saving') : t('admin.addUser')}
        </button>
      </form>
    </Card>
  );
}

/** One user: change roles, disable or enable (PATCH /users/:id, audited). */
function UserLine({ u }: { u: UserRow }) {
  const { t } = useI18n();
  const form = useForm<{ roles?: Role[]; active?: boolean }>({ roles: u.roles as Role[] }, UserPatch);
  const save = (patch: { roles?: Role[]; active?: boolean }) =>
    form
      .submit(
        (body) => api<User>(`/api/v1/users/${u.id}`, { method: 'PATCH', body }),
        () => patch,
      )
      .then((r) => (r ? invalidate('/api/v1/users') : undefined));
  return (
    <tr data-testid="user-row">
      <td>
        {u.name}
        <div className="muted">{u.email}</div>
        <FormError message={form.formError} detail={form.formDetail} />
      </td>
      <td>
        <RolePicker value={form.values.roles ?? []} name={u.name} onChange={(roles) => form.set({ roles })} />
        {form.dirty ? (
          <button className="btn small" type="button" disabled={form.busy} onClick={() => void save({ roles: form.values.roles })}>
            {t('admin.saveRoles')}
          </button>
        ) : null}
      </td>
      <td>{u.active ? t('admin.active') : t('admin.disabled')}</td>
      <td>
        <button className="btn ghost small" type="button" disabled={form.busy} onClick={() => void save({ active: !u.active })}>
          {u.active ? t('admin.disable') : t('admin.enable')}
        </button>
      </td>
    </tr>
  );
}

export default function UsersPage() {
  const { t } = useI18n();
  const users = useGet<Page<UserRow>>(USERS);
  const orgs = useGet<Page<Organisation>>('/api/v1/organisations?limit=200');
  return (
    <div className="page">
      <PageTitle title={t('admin.usersTitle')}>{t('admin.usersTitle')}</PageTitle>
      <AddUser orgs={orgs.state === 'ok' ? orgs.data.items : []} />
      <Show value={users}>
        {(data) => (
          <Card title={t('admin.userCount', { count: data.items.length })}>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.usersTitle')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('admin.userName')}</th>
                    <th scope="col">{t('admin.userRoles')}</th>
                    <th scope="col">{t('common.status')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('admin.disable')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((u) => (
                    <UserLine key={u.id} u={u} />
                  ))}
                </tbody>
              </table>
            </div>
          </Card>
        )}
      </Show>
    </div>
  );
}
