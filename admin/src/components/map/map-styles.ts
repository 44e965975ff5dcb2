import styled from 'styled-components';
import { COLUMN } from './EmotionCurve';

/** The journey map's table and its parts, styled with the admin's theme (light and dark). */
export const Grid = styled.table<{ $columns: number }>`
  table-layout: fixed;
  border-collapse: separate;
  border-spacing: 0;
  width: max(100%, calc(14rem + ${({ $columns }) => $columns * COLUMN}px));
  background: ${({ theme }) => theme.colors.neutral0};
  th,
  td {
    vertical-align: top;
    text-align: left;
    padding: 8px 10px;
    border-bottom: 1px solid ${({ theme }) => theme.colors.neutral200};
  }
  th[scope='row'] {
    width: 14rem;
  }
  td.span {
    padding: 4px 0;
  }
  a {
    /* The browser's link blue fails contrast on the dark theme; text colour plus underline reads in both. */
    color: ${({ theme }) => theme.colors.neutral800};
    text-decoration: underline;
    font-size: 1.3rem;
  }
  ul {
    margin: 0;
    padding-left: 1.6rem;
    list-style: disc;
  }
`;

export const StageHead = styled.th<{ $colour: string }>`
  border-top: 6px solid ${({ $colour }) => $colour};
  background: ${({ theme }) => theme.colors.neutral100};
  &[data-dragover='true'] {
    outline: 2px dashed ${({ theme }) => theme.colors.primary600};
  }
`;

/** covered: published content; gap: expected and empty; idle: empty and not expected. */
export type PillState = 'covered' | 'gap' | 'idle';

export const Pill = styled.span<{ $state: PillState }>`
  display: inline-block;
  margin: 0 4px 4px 0;
  padding: 1px 8px;
  border-radius: 999px;
  font-size: 1.1rem;
  border: 1px ${({ $state }) => ($state === 'idle' ? 'dashed' : 'solid')}
    ${({ theme, $state }) =>
      $state === 'covered'
        ? theme.colors.success600
        : $state === 'gap'
          ? theme.colors.neutral500
          : theme.colors.neutral300};
  background: ${({ theme, $state }) =>
    $state === 'covered' ? theme.colors.success100 : 'transparent'};
  color: ${({ theme, $state }) =>
    $state === 'covered'
      ? theme.colors.success700
      : $state === 'gap'
        ? theme.colors.neutral700
        : // neutral500 on white is 3.3:1, under WCAG's 4.5:1 for text (axe in a11y.e2e.ts).
          theme.colors.neutral600};
`;

export const EditableCell = styled.div`
  cursor: pointer;
  min-height: 2.4rem;
  border-radius: 4px;
  &:hover,
  &:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 2px;
  }
`;
