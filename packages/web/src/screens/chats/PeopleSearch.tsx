import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { describeApiError } from '../../errors/api-error.js';
import { useTRPC } from '../../trpc/context.js';
import { Notice } from '../../ui/Notice.js';
import { TextField } from '../../ui/TextField.js';
import type { TPublicUser } from './conversation-title.js';
import { PersonButton } from './PersonButton.js';
import { useDebouncedValue } from './useDebouncedValue.js';
import styles from './PeopleSearch.module.scss';

/** The field **Search people** and its results, each a button that picks that person. */
export function PeopleSearch({
  onPick,
  busyUsername = null,
  exclude = [],
  autoFocus = true,
}: {
  onPick(person: TPublicUser): void;
  busyUsername?: string | null;
  /** Usernames not to offer (already picked). */
  exclude?: readonly string[];
  /** Off where the search is not the first thing in its dialog. */
  autoFocus?: boolean;
}) {
  const trpc = useTRPC();
  const [query, setQuery] = useState('');
  const search = useDebouncedValue(query.trim(), 250);
  const people = useQuery(
    trpc.users.search.queryOptions({ query: search }, { enabled: search.length > 0 }),
  );
  const offered = people.data?.filter((person) => !exclude.includes(person.username)) ?? [];

  return (
    <>
      <TextField
        label="Search people"
        type="search"
        value={query}
        onChange={setQuery}
        autoComplete="off"
        autoFocus={autoFocus}
        hint="A name or username"
      />
      {people.isError && <Notice tone="error">{describeApiError(people.error).form}</Notice>}
      {search && people.data && (
        <ul aria-label="People" className={styles.results}>
          {offered.map((person) => (
            <li key={person.id}>
              <PersonButton
                person={person}
                busy={busyUsername === person.username}
                onClick={() => onPick(person)}
              />
            </li>
          ))}
        </ul>
      )}
      {search && people.data && offered.length === 0 && (
        <p className={styles.note}>Nobody found for “{search}”.</p>
      )}
    </>
  );
}
