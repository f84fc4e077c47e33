// Compile-time proof that the hand-written IPC types (./types.ts) are exactly the Rust side's generated bindings
// (./bindings/ipc.ts, made by ts-rs from the Rust DTOs). `npm run check` fails as soon as the two drift apart.
// Nothing here exists at run time and nothing imports this file.

import type * as B from './bindings/ipc';
import type * as T from './types';

/** True only when A and B are the same type (not merely assignable one way). */
type Same<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2
  ? (<X>() => X extends B ? 1 : 2) extends <X>() => X extends A ? 1 : 2
    ? true
    : false
  : false;

/** Deep structural equality: the same keys, the same optionality, the same value types. */
type Mirror<A, B> = [A] extends [B] ? ([B] extends [A] ? Same<Keys<A>, Keys<B>> : false) : false;
type Keys<O> = O extends object ? { [K in keyof O]-?: undefined extends O[K] ? `${K & string}?` : K }[keyof O] : never;

type Check<Ok extends true> = Ok;

export type Contract = [
  // domain
  Check<Mirror<T.WorkOrderKind, B.WorkOrderKind>>,
  Check<Mirror<T.Status, B.Status>>,
  Check<Mirror<T.Customer, B.Customer>>,
  Check<Mirror<T.Address, B.Address>>,
  Check<Mirror<T.LineRejection, B.LineRejection>>,
  Check<Mirror<T.Line, B.Line>>,
  Check<Mirror<T.LabelFormat, B.LabelFormat>>,
  Check<Mirror<T.ParcelItem, B.ParcelItem>>,
  Check<Mirror<T.Parcel, B.Parcel>>,
  Check<Mirror<T.Pickup, B.Pickup>>,
  Check<Mirror<T.Dispatch, B.Dispatch>>,
  Check<Mirror<T.Hold, B.Hold>>,
  Check<Mirror<T.CancelRequest, B.CancelRequest>>,
  Check<Mirror<T.Rejection, B.Rejection>>,
  Check<Mirror<T.WorkOrder, B.WorkOrder>>,
  Check<Mirror<T.Reason, B.Reason>>,
  Check<Mirror<T.LineQuantity, B.LineQuantity>>,
  Check<Mirror<T.ParcelSpec, B.ParcelSpec>>,
  Check<Mirror<T.ReceiveLine, B.ReceiveLine>>,
  Check<Mirror<T.Command, B.Command>>,
  Check<Mirror<T.CommandKind, B.CommandKind>>,
  Check<Mirror<T.Actor, B.Actor>>,
  // application
  Check<Mirror<T.IpcErrorPayload, B.IpcErrorPayload>>,
  Check<Mirror<T.Role, B.Role>>,
  Check<Mirror<T.StaffSummary, B.StaffSummary>>,
  Check<Mirror<T.Session, B.Session>>,
  Check<Mirror<T.AppInfo, B.AppInfo>>,
  Check<Mirror<T.InboxTab, B.InboxTab>>,
  Check<Mirror<T.InboxQuery, B.InboxQuery>>,
  Check<Mirror<T.InboxRow, B.InboxRow>>,
  Check<Mirror<T.TabCounts, B.TabCounts>>,
  Check<Mirror<T.InboxPage, B.InboxPage>>,
  Check<Mirror<T.SignedIn, B.SignedIn>>,
  Check<Mirror<T.HistoryEntry, B.HistoryEntry>>,
  Check<Mirror<T.ParkedEntry, B.ParkedEntry>>,
  Check<Mirror<T.WorkOrderDetail, B.WorkOrderDetail>>,
  Check<Mirror<T.SyncProgress, B.SyncProgress>>,
  Check<Mirror<T.SyncStatus, B.SyncStatus>>,
  Check<Mirror<T.LabelDocument, B.LabelDocument>>,
  Check<Mirror<T.PersonStats, B.PersonStats>>,
  Check<Mirror<T.AgeBucket, B.AgeBucket>>,
  Check<Mirror<T.UncollectedBucket, B.UncollectedBucket>>,
  Check<Mirror<T.ManagerOverview, B.ManagerOverview>>,
  Check<Mirror<T.Settings, B.Settings>>,
  // events
  Check<Mirror<T.WorkArrived, B.WorkArrived>>,
  Check<Mirror<T.OrderChanged, B.OrderChanged>>,
  Check<Mirror<T.EventName, B.EventName>>,
  Check<Mirror<T.EventPayloads['sync-status'], B.EventPayloads['sync-status']>>,
  Check<Mirror<T.EventPayloads['work-arrived'], B.EventPayloads['work-arrived']>>,
  Check<Mirror<T.EventPayloads['order-changed'], B.EventPayloads['order-changed']>>,
];
