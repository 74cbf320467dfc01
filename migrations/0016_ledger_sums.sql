ALTER TABLE `subscription_money_sums` ADD `collected_n` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscription_money_sums` ADD `received_n` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscription_money_sums` ADD `promised_n` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscription_money_sums` ADD `promised_cents` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- The contract page's figures per subscription (cheques collected, received, promised) are kept by
-- the same triggers as 0015's sums: each cheque trigger is replaced by one that also counts them.
-- A cheque counts in a subscription's row while it is promised, received or handed over.
DROP TRIGGER `cheques_sums_insert`;
--> statement-breakpoint
DROP TRIGGER `cheques_sums_delete`;
--> statement-breakpoint
DROP TRIGGER `cheques_sums_update`;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_insert` AFTER INSERT ON `cheques` BEGIN
  INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
    VALUES (new.`payment_date_id`, new.`status`, 1, new.`amount_cents`)
    ON CONFLICT (`payment_date_id`, `status`) DO UPDATE SET `n` = `n` + 1, `cents` = `cents` + excluded.`cents`;
  INSERT INTO `subscription_money_sums` (`subscription_id`, `collected_cents`, `total_cents`, `credit_cents`)
    SELECT s.`id`, 0, s.`total_cents`, (SELECT coalesce(sum(`amount_cents`), 0) FROM `credits` WHERE `subscription_id` = s.`id`)
    FROM `subscriptions` s WHERE s.`id` = new.`subscription_id`
    ON CONFLICT (`subscription_id`) DO NOTHING;
  UPDATE `subscription_money_sums` SET
      `collected_cents` = `collected_cents` + CASE WHEN new.`status` = 'promised' THEN 0 ELSE new.`amount_cents` END,
      `collected_n` = `collected_n` + (new.`status` <> 'promised'),
      `received_n` = `received_n` + (new.`status` = 'received'),
      `promised_n` = `promised_n` + (new.`status` = 'promised'),
      `promised_cents` = `promised_cents` + CASE WHEN new.`status` = 'promised' THEN new.`amount_cents` ELSE 0 END
    WHERE `subscription_id` = new.`subscription_id` AND new.`status` IN ('promised', 'received', 'handed_over');
END;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_delete` AFTER DELETE ON `cheques` BEGIN
  UPDATE `payment_date_cheque_sums` SET `n` = `n` - 1, `cents` = `cents` - old.`amount_cents`
    WHERE `payment_date_id` = old.`payment_date_id` AND `status` = old.`status`;
  UPDATE `subscription_money_sums` SET
      `collected_cents` = `collected_cents` - CASE WHEN old.`status` = 'promised' THEN 0 ELSE old.`amount_cents` END,
      `collected_n` = `collected_n` - (old.`status` <> 'promised'),
      `received_n` = `received_n` - (old.`status` = 'received'),
      `promised_n` = `promised_n` - (old.`status` = 'promised'),
      `promised_cents` = `promised_cents` - CASE WHEN old.`status` = 'promised' THEN old.`amount_cents` ELSE 0 END
    WHERE `subscription_id` = old.`subscription_id` AND old.`status` IN ('promised', 'received', 'handed_over');
END;
--> statement-breakpoint
CREATE TRIGGER `cheques_sums_update` AFTER UPDATE OF `subscription_id`, `payment_date_id`, `status`, `amount_cents` ON `cheques` BEGIN
  UPDATE `payment_date_cheque_sums` SET `n` = `n` - 1, `cents` = `cents` - old.`amount_cents`
    WHERE `payment_date_id` = old.`payment_date_id` AND `status` = old.`status`;
  INSERT INTO `payment_date_cheque_sums` (`payment_date_id`, `status`, `n`, `cents`)
    VALUES (new.`payment_date_id`, new.`status`, 1, new.`amount_cents`)
    ON CONFLICT (`payment_date_id`, `status`) DO UPDATE SET `n` = `n` + 1, `cents` = `cents` + excluded.`cents`;
  UPDATE `subscription_money_sums` SET
      `collected_cents` = `collected_cents` - CASE WHEN old.`status` = 'promised' THEN 0 ELSE old.`amount_cents` END,
      `collected_n` = `collected_n` - (old.`status` <> 'promised'),
      `received_n` = `received_n` - (old.`status` = 'received'),
      `promised_n` = `promised_n` - (old.`status` = 'promised'),
      `promised_cents` = `promised_cents` - CASE WHEN old.`status` = 'promised' THEN old.`amount_cents` ELSE 0 END
    WHERE `subscription_id` = old.`subscription_id` AND old.`status` IN ('promised', 'received', 'handed_over');
  INSERT INTO `subscription_money_sums` (`subscription_id`, `collected_cents`, `total_cents`, `credit_cents`)
    SELECT s.`id`, 0, s.`total_cents`, (SELECT coalesce(sum(`amount_cents`), 0) FROM `credits` WHERE `subscription_id` = s.`id`)
    FROM `subscriptions` s WHERE s.`id` = new.`subscription_id`
    ON CONFLICT (`subscription_id`) DO NOTHING;
  UPDATE `subscription_money_sums` SET
      `collected_cents` = `collected_cents` + CASE WHEN new.`status` = 'promised' THEN 0 ELSE new.`amount_cents` END,
      `collected_n` = `collected_n` + (new.`status` <> 'promised'),
      `received_n` = `received_n` + (new.`status` = 'received'),
      `promised_n` = `promised_n` + (new.`status` = 'promised'),
      `promised_cents` = `promised_cents` + CASE WHEN new.`status` = 'promised' THEN new.`amount_cents` ELSE 0 END
    WHERE `subscription_id` = new.`subscription_id` AND new.`status` IN ('promised', 'received', 'handed_over');
END;
--> statement-breakpoint
-- The cheques already there.
UPDATE `subscription_money_sums` SET
  `collected_n` = (SELECT count(*) FROM `cheques` WHERE `subscription_id` = `subscription_money_sums`.`subscription_id`
    AND `status` IN ('received', 'handed_over')),
  `received_n` = (SELECT count(*) FROM `cheques` WHERE `subscription_id` = `subscription_money_sums`.`subscription_id`
    AND `status` = 'received'),
  `promised_n` = (SELECT count(*) FROM `cheques` WHERE `subscription_id` = `subscription_money_sums`.`subscription_id`
    AND `status` = 'promised'),
  `promised_cents` = (SELECT coalesce(sum(`amount_cents`), 0) FROM `cheques`
    WHERE `subscription_id` = `subscription_money_sums`.`subscription_id` AND `status` = 'promised');
