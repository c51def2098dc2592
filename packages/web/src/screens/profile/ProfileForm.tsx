import { LIMITS, ZDisplayName, ZStatus, ZUsername } from '@parley/api/validation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { useState, type FormEvent } from 'react';
import { describeApiError } from '../../errors/api-error.js';
import { useFormErrors } from '../../errors/use-form-errors.js';
import { validateFields } from '../../errors/validate.js';
import { useTRPC, useTRPCClient } from '../../trpc/context.js';
import type { TMe } from '../../trpc/types.js';
import { Button } from '../../ui/Button.js';
import form from '../../ui/Form.module.scss';
import { Notice, StatusNotice } from '../../ui/Notice.js';
import { Panel } from '../../ui/Page.js';
import { TextField } from '../../ui/TextField.js';
import { cropRect } from './crop-math.js';
import { KEEP_PICTURE, type PendingPicture } from './pending-picture.js';
import { PictureEditor } from './PictureEditor.js';
import { renderCrop } from './render-crop.js';

const FIELDS = ['username', 'displayName', 'status'] as const;
type ProfileFields = Pick<TMe, (typeof FIELDS)[number]>;

/** Marks a failure of the picture step, so it is shown by the picture and not the fields. */
class PictureStepError extends Error {
  constructor(readonly reason: unknown) {
    super('picture');
  }
}

/** Username, display name, status and picture, all applied by one Save. */
export function ProfileForm({ me }: { me: TMe }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ProfileFields>(() => pick(me));
  const [picture, setPicture] = useState<PendingPicture>(KEEP_PICTURE);
  const [pictureError, setPictureError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const { errors, formRef, showApiError, showFieldErrors, clear } = useFormErrors(FIELDS);

  const changes = changedFields(pick(me), values);
  const save = useMutation({
    mutationFn: async (): Promise<TMe> => {
      let latest = me;
      const setMe = (next: TMe) => {
        latest = next;
        queryClient.setQueryData(trpc.profile.me.queryKey(), next);
      };
      if (Object.keys(changes).length > 0) setMe(await client.profile.update.mutate(changes));
      try {
        if (picture.kind === 'new') {
          const blob = await renderCrop(
            picture.image.element,
            cropRect(picture.image.size, picture.crop),
          );
          setMe(await client.profile.setPicture.mutate(blob));
        } else if (picture.kind === 'remove') {
          setMe(await client.profile.removePicture.mutate());
        }
      } catch (reason) {
        throw new PictureStepError(reason);
      }
      return latest;
    },
    onSuccess: (latest) => {
      setValues(pick(latest)); // as the server stored them
      setPicture(KEEP_PICTURE);
      setSaved('Profile saved.');
    },
    onError: (error) => {
      if (!(error instanceof PictureStepError)) return showApiError(error);
      const { reason } = error;
      // The API's answer, or the browser failing to draw the crop (no request was made then).
      if (reason instanceof TRPCClientError) setPictureError(describeApiError(reason).form);
      else setPictureError(reason instanceof Error ? reason.message : String(reason));
    },
  });

  const update = (field: keyof ProfileFields) => (value: string) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setSaved(null);
  };
  const changePicture = (next: PendingPicture) => {
    setPicture(next);
    setPictureError(null);
    setSaved(null);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    setPictureError(null);
    const invalid = validateFields({
      username: { schema: ZUsername, value: values.username },
      displayName: { schema: ZDisplayName, value: values.displayName },
      status: { schema: ZStatus, value: values.status },
    });
    if (showFieldErrors(invalid)) return;
    if (Object.keys(changes).length === 0 && picture.kind === 'keep') {
      setSaved('Nothing to save: your profile is up to date.');
      return;
    }
    clear();
    save.mutate();
  };

  return (
    <form ref={formRef} className={form.form} onSubmit={onSubmit} noValidate>
      <Panel title="Picture" description="Shown as a circle next to your name.">
        <PictureEditor
          current={me.picture}
          name={values.displayName || me.displayName}
          value={picture}
          onChange={changePicture}
          error={pictureError}
        />
      </Panel>
      <Panel title="About you">
        <TextField
          label="Username"
          name="username"
          value={values.username}
          onChange={update('username')}
          error={errors.fields.username}
          hint={`People find you by it. ${LIMITS.usernameMin}–${LIMITS.usernameMax} characters: a–z, 0–9, _ and .`}
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
        />
        <TextField
          label="Display name"
          name="displayName"
          value={values.displayName}
          onChange={update('displayName')}
          error={errors.fields.displayName}
          maxChars={LIMITS.displayNameMax}
          autoComplete="name"
        />
        <TextField
          label="Status"
          name="status"
          value={values.status}
          onChange={update('status')}
          error={errors.fields.status}
          hint="A line about what you are up to."
          maxChars={LIMITS.statusMax}
          autoComplete="off"
        />
      </Panel>
      {errors.form && <Notice tone="error">{errors.form}</Notice>}
      <StatusNotice message={saved} />
      <div className={form.actions}>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

function pick(me: TMe): ProfileFields {
  return { username: me.username, displayName: me.displayName, status: me.status };
}

/** Only what changed is sent, so an untouched username is never re-checked for conflicts. */
function changedFields(saved: ProfileFields, edited: ProfileFields): Partial<ProfileFields> {
  const changes: Partial<ProfileFields> = {};
  for (const field of FIELDS) if (saved[field] !== edited[field]) changes[field] = edited[field];
  return changes;
}
