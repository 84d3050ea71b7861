import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type BoardVisibility = 'public' | 'members';
export type CrisisPolicy = 'hold' | 'publish';
export type PostState = 'pending' | 'published' | 'held' | 'removed';
export type PostRiskLevel = 'green' | 'amber' | 'red' | 'crisis';

@Entity('boards')
export class Board {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  slug!: string;

  @Column({ type: 'varchar' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'int' })
  position!: number;

  @Column({ type: 'varchar' })
  visibility!: BoardVisibility;

  @Column({ type: 'varchar' })
  crisisPolicy!: CrisisPolicy;
}

@Entity('threads')
export class Thread {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  boardId!: number;

  @Column({ type: 'int' })
  authorId!: number;

  @Column({ type: 'varchar' })
  title!: string;

  @Column({ type: 'boolean' })
  locked!: boolean;

  @Column({ type: 'boolean' })
  pinned!: boolean;

  @Column({ type: 'boolean' })
  removed!: boolean;

  @Column({ type: 'int' })
  replyCount!: number;

  @Column({ type: 'int', nullable: true })
  openingPostId!: number | null;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  lastActivityAt!: Date;
}

@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  threadId!: number;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  @Column({ type: 'int' })
  authorId!: number;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'text' })
  bodyHtml!: string;

  @Column({ type: 'boolean' })
  anonymous!: boolean;

  @Column({ type: 'varchar', nullable: true })
  alias!: string | null;

  @Column({ type: 'boolean' })
  isOp!: boolean;

  @Column({ type: 'varchar' })
  state!: PostState;

  @Column({ type: 'varchar', nullable: true })
  riskLevel!: PostRiskLevel | null;

  @Column({ type: 'timestamptz', nullable: true })
  checkedAt!: Date | null;

  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'int' })
  depth!: number;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt!: Date | null;
}
